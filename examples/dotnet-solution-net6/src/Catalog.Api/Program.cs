using Catalog.Core;

var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/products", () => Products.All);
app.Run();
