// Answers every request with a greeting.
Deno.serve({ port: 8000 }, () => new Response('hello from deno\n'));
