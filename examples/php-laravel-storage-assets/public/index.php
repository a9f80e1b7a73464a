<?php

require __DIR__ . '/../vendor/autoload.php';

$config = require __DIR__ . '/../bootstrap/cache/config.php';
$greeter = new Acme\Greeter\Greeter();
$notes = new App\Notes(__DIR__ . '/../storage/logs/notes.log');
$asset = __DIR__ . '/build/app.js';

header('Content-Type: text/plain');
echo $greeter->greet($config['app']['name']), "\n";
echo 'user=', posix_getpwuid(posix_geteuid())['name'], "\n";
echo 'asset=', is_file($asset) ? trim(file_get_contents($asset)) : 'missing', "\n";
echo 'log writable=', $notes->add('visit') > 0 ? 'yes' : 'no', "\n";
