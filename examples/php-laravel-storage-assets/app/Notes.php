<?php

namespace App;

final class Notes
{
    public function __construct(private string $file)
    {
    }

    /** Appends a line and returns how many lines the log holds. */
    public function add(string $line): int
    {
        if (file_put_contents($this->file, $line . "\n", FILE_APPEND) === false) {
            throw new \RuntimeException("cannot write {$this->file}");
        }
        return count(file($this->file));
    }
}
