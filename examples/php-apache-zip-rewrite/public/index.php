<?php

require __DIR__ . '/../vendor/autoload.php';

use Acme\Report\Archive;

$route = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
header('Content-Type: text/plain');
echo 'route=', $route, "\n";
echo 'zip=', extension_loaded('zip') ? 'loaded' : 'missing', "\n";
echo 'archive=', Archive::describe(['a.txt' => 'a', 'b.txt' => 'b']), "\n";
echo 'display_errors=', ini_get('display_errors'), "\n";
