var builder = WebApplication.CreateBuilder(args);
// The status page binds its own address, so it answers whatever ASPNETCORE_URLS says.
builder.WebHost.UseUrls("http://0.0.0.0:8080");
var app = builder.Build();
app.MapGet("/", () => "reports worker with a status page");
app.Run();
