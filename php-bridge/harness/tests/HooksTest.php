<?php

declare(strict_types=1);

namespace Harness\Tests;

use Harness\Hooks;

final class HooksTest extends HarnessTestCase
{
    public function testHooksRunByPriorityThenRegistrationAndDropNullResults(): void
    {
        add_hook('ExampleHook', 5, fn (array $vars): string => 'five:' . $vars['x']);
        add_hook('ExampleHook', 1, fn (array $vars): string => 'one');
        add_hook('ExampleHook', 5, fn (array $vars): ?string => null);
        add_hook('ExampleHook', 5, fn (array $vars): string => 'five-again');
        add_hook('OtherHook', 1, fn (): string => 'other');
        self::assertSame(['one', 'five:y', 'five-again'], Hooks::run('ExampleHook', ['x' => 'y']));
        self::assertSame([], Hooks::run('NoSuchHook'));
    }

    public function testNamedFunctionsAreCalledWithTheHookVars(): void
    {
        add_hook('ExampleHook', 1, 'strtoupper');
        $this->expectException(\TypeError::class);
        Hooks::run('ExampleHook', ['a']);
    }
}
