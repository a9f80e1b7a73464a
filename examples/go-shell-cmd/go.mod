module example.com/shell-cmd

go 1.19
