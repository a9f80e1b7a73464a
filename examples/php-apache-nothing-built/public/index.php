<?php

header('Content-Type: text/plain');
echo 'hello from ', PHP_VERSION, "\n";
