module example.com/moddownload

go 1.19
