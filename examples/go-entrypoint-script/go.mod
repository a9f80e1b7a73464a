module example.com/entrypoint-script

go 1.19
