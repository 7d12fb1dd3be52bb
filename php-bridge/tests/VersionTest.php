<?php

declare(strict_types=1);

namespace IspapiCore\Tests;

use IspapiCore\Core;
use IspapiCore\VersionMismatch;
use PHPUnit\Framework\TestCase;

/** The PHP files, the extension and the .wasm must come from one release. */
final class VersionTest extends TestCase
{
    public function testThePhpFilesAreTheVersionCargoBuilds(): void
    {
        $cargo = (string) file_get_contents(__DIR__ . '/../../Cargo.toml');
        $this->assertMatchesRegularExpression('/\[workspace\.package\]\s*\nversion = "' . preg_quote(Core::VERSION, '/') . '"/', $cargo);
        (new Core())->checkVersions();
        $this->addToAssertionCount(1);
    }

    public function testAWasmOfAnotherReleaseIsRefusedWithTheStepToFixIt(): void
    {
        $core = new Core(Subprocess::GUESTS . '/scripted.wasm');
        try {
            $core->checkVersions();
            $this->fail('a foreign .wasm passed the version check');
        } catch (VersionMismatch $e) {
            $this->assertSame('version_mismatch', $e->getErrorCode());
            $this->assertStringContainsString('copy the complete modules/ folder of one release', $e->getMessage());
        }
    }
}
