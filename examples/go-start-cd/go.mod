module example.com/startcd

go 1.19
