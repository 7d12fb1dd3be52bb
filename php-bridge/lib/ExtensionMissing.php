<?php

declare(strict_types=1);

namespace IspapiCore;

/**
 * The ispapi_core PHP extension is not loaded and PHP's FFI cannot load libispapi_core_ffi.so
 * instead, so the core cannot run at all. A plain PHP class, like everything the library throws
 * before a core runs.
 */
final class ExtensionMissing extends \RuntimeException implements Exception
{
    /** @param string $ffiProblem why the FFI path did not run either, when FFI is there */
    public function __construct(string $ffiProblem = '')
    {
        parent::__construct(
            'ispapi core: the PHP extension ispapi_core (libispapi_core_php.so) is not loaded'
            . ($ffiProblem === '' ? '' : " and $ffiProblem")
            . '; see the section "Installing the PHP extension" in README.md.'
        );
    }

    public function getErrorCode(): string
    {
        return 'extension_missing';
    }
}
