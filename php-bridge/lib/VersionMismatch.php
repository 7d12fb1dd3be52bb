<?php

declare(strict_types=1);

namespace IspapiCore;

/**
 * The PHP files, the extension and the .wasm come from different releases: the core is not
 * called at all, since its answers might not mean what these PHP files expect.
 */
final class VersionMismatch extends \RuntimeException implements Exception
{
    public function getErrorCode(): string
    {
        return 'version_mismatch';
    }
}
