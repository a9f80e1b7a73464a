<?php
// Front controller: every request goes through the Slim app.
require __DIR__ . '/../vendor/autoload.php';

$app = Slim\Factory\AppFactory::create();
$app->get('/', function ($request, $response) {
    $response->getBody()->write("hello from php\n");
    return $response;
});
$app->run();
