<?php

declare(strict_types=1);

namespace IspapiCore;

/**
 * The ispapi_core PHP extension is not loaded, so the core cannot run at all. A plain PHP
 * class: without the extension, its BridgeException does not exist.
 */
final class ExtensionMissing extends \RuntimeException implements Exception
{
    public function __construct()
    {
        parent::__construct(
            'ispapi core: the PHP extension ispapi_core (libispapi_core_php.so) is not loaded;'
            . ' see the section "Installing the PHP extension" in README.md.'
        );
    }

    public function getErrorCode(): string
    {
        return 'extension_missing';
    }
}
