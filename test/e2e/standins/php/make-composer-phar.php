<?php
// Packs Debian's composer (the bin script and /usr/share/php) into one phar, laid out as
// bin/composer and share/php/... so the script's `__DIR__ . '/../share/php/...'` holds.
[$_, $bin, $share, $out] = $argv;
$phar = new Phar($out, 0, 'composer.phar');
$phar->startBuffering();
$it = new RecursiveIteratorIterator(new RecursiveDirectoryIterator($share, FilesystemIterator::SKIP_DOTS));
foreach ($it as $file) {
    $phar->addFile($file->getPathname(), 'share/php/' . substr($file->getPathname(), strlen($share) + 1));
}
// A required file's shebang line would be printed: drop it.
$phar->addFromString('bin/composer', preg_replace('/^#![^\n]*\n/', '', file_get_contents($bin)));
$phar->setStub("#!/usr/bin/env php\n<?php\nPhar::mapPhar('composer.phar');\nrequire 'phar://composer.phar/bin/composer';\n__HALT_COMPILER();\n");
$phar->stopBuffering();
