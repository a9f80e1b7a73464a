module example.com/install

go 1.19
