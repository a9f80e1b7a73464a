module example.com/runuser

go 1.19
