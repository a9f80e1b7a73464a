module example.com/arg-before-from

go 1.19
