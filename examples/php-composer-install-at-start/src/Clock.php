<?php

namespace Acme;

final class Clock
{
    public function now(): string
    {
        return 'tick';
    }
}
