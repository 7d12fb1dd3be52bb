<?php

declare(strict_types=1);

namespace Harness;

/**
 * Thrown where real WHMCS would do something the harness deliberately does not reproduce, so a
 * test never passes on behaviour that was only pretended.
 */
final class NotModelled extends \LogicException
{
    public static function because(string $what): self
    {
        return new self($what . ' is not modelled by the harness');
    }
}
