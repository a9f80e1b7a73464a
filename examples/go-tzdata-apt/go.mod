module example.com/tzdata-apt

go 1.19
