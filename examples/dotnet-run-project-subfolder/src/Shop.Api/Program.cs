var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();

app.UseStaticFiles();
app.MapGet("/", () => $"shop in {app.Environment.EnvironmentName}");

app.Run();
