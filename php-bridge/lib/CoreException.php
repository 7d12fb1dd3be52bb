<?php

declare(strict_types=1);

namespace IspapiCore;

/**
 * The core ran and answered with an error envelope: {"error":{"code":…,"message":…}}.
 * The code is stable (match on it); the message is for people.
 */
final class CoreException extends \RuntimeException implements Exception
{
    public function __construct(
        private readonly string $errorCode,
        string $message,
        private readonly string $function,
    ) {
        parent::__construct($message);
    }

    public function getErrorCode(): string
    {
        return $this->errorCode;
    }

    /** The core function that reported the error. */
    public function getFunction(): string
    {
        return $this->function;
    }
}
