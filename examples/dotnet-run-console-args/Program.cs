var interval = TimeSpan.FromSeconds(int.Parse(args[Array.IndexOf(args, "--interval") + 1]));
var name = args[Array.IndexOf(args, "--name") + 1];
while (true)
{
    Console.WriteLine($"{DateTime.UtcNow:O} {name} tick");
    await Task.Delay(interval);
}
