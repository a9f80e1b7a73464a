using System.Globalization;

var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();

// Prices are formatted for the caller's culture, which needs ICU (not invariant mode).
app.MapGet("/price", (string? culture) =>
    19.99m.ToString("C", CultureInfo.GetCultureInfo(culture ?? "de-DE")));
// Time zones come from tzdata.
app.MapGet("/time", () =>
    TimeZoneInfo.ConvertTimeBySystemTimeZoneId(DateTime.UtcNow, "Europe/Berlin").ToString("O"));

app.Run();
