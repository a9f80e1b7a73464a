<?php

require __DIR__ . '/../vendor/autoload.php';

echo implode(',', array_filter(['gd', 'pdo_pgsql', 'redis'], 'extension_loaded')), "\n";
