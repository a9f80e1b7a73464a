var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();

app.MapGet("/", () => "hello from ASP.NET Core");
app.MapGet("/weather", () => new[] { new { City = "Oslo", TemperatureC = 4 } });

app.Run();
