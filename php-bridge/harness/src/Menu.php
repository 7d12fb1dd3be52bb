<?php

declare(strict_types=1);

/**
 * WHMCS's global Menu facade as hooks use it: Menu::context('client'), as developer-docs
 * themes/navigation.md shows, and Menu::context('domain') on a domain's pages, the domain
 * being viewed (public registrar modules' hooks read its id, domain and registrar;
 * unverified beyond those). The harness sets the context for the page it builds
 * (Harness\ClientArea).
 */
final class Menu
{
    /** @var array<string, mixed> */
    private static array $context = [];

    public static function context(string $key): mixed
    {
        return self::$context[$key] ?? null;
    }

    /** @param array<string, mixed> $context */
    public static function setContext(array $context): void
    {
        self::$context = $context;
    }
}
