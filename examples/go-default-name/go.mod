module example.com/default-name

go 1.19
