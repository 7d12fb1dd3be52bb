<?php

declare(strict_types=1);

namespace IspapiCore;

/**
 * The core could not be loaded or run. The extension registers this class itself; this file is
 * only autoloaded when the extension is missing and the core runs through PHP's FFI, so that
 * both paths throw the same class. Keep it identical to php-bridge/ext/src/classes.rs: the
 * kind travels as the integer code (core-host's ErrorKind::number), getErrorCode() gives its
 * stable string.
 */
final class BridgeException extends \RuntimeException implements Exception
{
    public const WASM_MISSING = 1;
    public const WASM_INVALID = 2;
    public const ABI_MISMATCH = 3;
    public const ABI_VIOLATION = 4;
    public const TRAP = 5;
    public const DEADLINE = 6;
    public const OUT_OF_MEMORY = 7;
    public const BAD_ENVELOPE = 8;
    public const ENGINE = 9;
    public const INTERNAL = 10;

    public function getErrorCode(): string
    {
        // The constant's name in lower case, as the extension derives them from the same kinds.
        $name = array_search($this->getCode(), (new \ReflectionClass(self::class))->getConstants(), true);
        return $name === false ? 'unknown' : strtolower($name);
    }
}
