<?php

declare(strict_types=1);

namespace Harness\Tests;

use Harness\Root;
use Harness\Runtime;
use Harness\Seed;
use PHPUnit\Framework\TestCase;

/**
 * Each test gets a fresh harness root in a temporary folder, with currencies, an admin and the
 * fixture modules installed; it is removed afterwards.
 */
abstract class HarnessTestCase extends TestCase
{
    protected const FIXTURES = __DIR__ . '/fixtures/modules';

    protected string $dir;
    protected Runtime $runtime;
    /** @var array<string, int> */
    protected array $currencies;
    protected int $adminId;

    protected function setUp(): void
    {
        $this->dir = sys_get_temp_dir() . '/whmcs-harness-' . bin2hex(random_bytes(6));
        $this->runtime = Root::create($this->dir);
        Root::installModules(self::FIXTURES);
        $this->currencies = Seed::currencies();
        $this->adminId = Seed::admin();
        $_SESSION = $_GET = $_POST = $_REQUEST = [];
    }

    protected function tearDown(): void
    {
        $_SESSION = $_GET = $_POST = $_REQUEST = [];
        self::remove($this->dir);
    }

    protected static function remove(string $dir): void
    {
        if (!is_dir($dir)) {
            return;
        }
        $items = new \RecursiveIteratorIterator(
            new \RecursiveDirectoryIterator($dir, \FilesystemIterator::SKIP_DOTS),
            \RecursiveIteratorIterator::CHILD_FIRST
        );
        foreach ($items as $item) {
            $item->isDir() ? rmdir($item->getPathname()) : unlink($item->getPathname());
        }
        rmdir($dir);
    }
}
