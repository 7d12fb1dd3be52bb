<?php

declare(strict_types=1);

namespace Harness;

/**
 * add_hook() registry and the runner WHMCS uses at each hook point: hooks run in ascending
 * priority (developers.whmcs.com "Defining Priority"), registration order breaking ties, each
 * given the hook point's variables; the non-null return values are collected in order.
 */
final class Hooks
{
    /** @var array<string, list<array{int, int, callable}>> */
    private static array $hooks = [];
    private static int $sequence = 0;
    /** @var array<string, list<array{string, int, callable}>> hooks each module file added, by file */
    private static array $byFile = [];
    private static ?string $recording = null;

    public static function add(string $hookPoint, int $priority, callable $function): void
    {
        self::$hooks[$hookPoint][] = [$priority, self::$sequence++, $function];
        if (self::$recording !== null) {
            self::$byFile[self::$recording][] = [$hookPoint, $priority, $function];
        }
    }

    /**
     * Includes a module file, remembering the hooks it adds. A file already included in this
     * process (PHP cannot include class declarations twice) has its hooks added again instead,
     * as if it had been loaded anew for this request.
     */
    public static function loadFile(string $key, callable $include): void
    {
        if (array_key_exists($key, self::$byFile)) {
            foreach (self::$byFile[$key] as [$hookPoint, $priority, $function]) {
                self::$hooks[$hookPoint][] = [$priority, self::$sequence++, $function];
            }
            return;
        }
        self::$byFile[$key] = [];
        $previous = self::$recording;
        self::$recording = $key;
        try {
            $include();
        } finally {
            self::$recording = $previous;
        }
    }

    /**
     * @param array<string, mixed> $vars
     * @return list<mixed> what each hook function returned, null results left out
     */
    public static function run(string $hookPoint, array $vars = []): array
    {
        return self::runWith($hookPoint, $vars);
    }

    /**
     * The same for hook points whose functions get one object instead of variables:
     * ClientAreaPrimarySidebar and its kin get the menu item (hooks-reference
     * client-area-interface.md).
     *
     * @return list<mixed>
     */
    public static function runWith(string $hookPoint, mixed $vars): array
    {
        $hooks = self::$hooks[$hookPoint] ?? [];
        usort($hooks, static fn (array $a, array $b): int => [$a[0], $a[1]] <=> [$b[0], $b[1]]);
        $results = [];
        foreach ($hooks as [, , $function]) {
            $result = $function($vars);
            if ($result !== null) {
                $results[] = $result;
            }
        }
        return $results;
    }

    public static function has(string $hookPoint): bool
    {
        return !empty(self::$hooks[$hookPoint]);
    }

    public static function reset(): void
    {
        self::$hooks = [];
    }
}
