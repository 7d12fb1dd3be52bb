<?php

declare(strict_types=1);

namespace IspapiCore;

/**
 * Implemented by every exception of the ispapi core bridge: catch this to catch them all.
 *
 * The extension registers this interface itself (BridgeException implements it); this file is
 * only autoloaded when the extension is missing, so that ExtensionMissing still implements it.
 * Keep both declarations identical.
 */
interface Exception extends \Throwable
{
    /** A stable machine-readable code, e.g. "unknown_function", "trap", "extension_missing". */
    public function getErrorCode(): string;
}
