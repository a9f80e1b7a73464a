var app = WebApplication.CreateBuilder(args).Build();
app.MapGet("/healthz", () => Results.Ok("ok"));
app.MapGet("/", () => "gateway");
app.Run();
