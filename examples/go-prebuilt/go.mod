module example.com/prebuilt

go 1.19
