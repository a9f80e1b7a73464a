using System.Globalization;

// A queue worker stand-in: prints a heartbeat with a culture-formatted date every few
// seconds (once with --once). The culture needs ICU, which runtime:8.0-bookworm-slim ships.
var culture = CultureInfo.GetCultureInfo(Environment.GetEnvironmentVariable("REPORT_CULTURE") ?? "de-DE");
do
{
    Console.WriteLine($"worker alive {new DateTime(2024, 5, 1).ToString("D", culture)}");
    if (args.Contains("--once")) break;
    await Task.Delay(TimeSpan.FromSeconds(5));
} while (true);
