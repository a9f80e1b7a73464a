<?php
namespace Acme\Notes;

final class Note
{
    public function __construct(public readonly string $text) {}
}
