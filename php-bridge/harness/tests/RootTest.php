<?php

declare(strict_types=1);

namespace Harness\Tests;

use Harness\Hooks;
use Harness\Root;
use Harness\Runtime;
use Harness\Seed;
use WHMCS\Config\Setting;
use WHMCS\Module\Registrar\Sampleregistrar\Wire;

final class RootTest extends HarnessTestCase
{
    public function testARootHasTheWhmcsLayout(): void
    {
        foreach (['modules/registrars', 'modules/widgets', 'modules/addons', 'includes/hooks'] as $dir) {
            self::assertDirectoryExists("$this->dir/$dir");
        }
        self::assertFileExists("$this->dir/configuration.php");
        self::assertFileExists("$this->dir/init.php");
        self::assertFileExists("$this->dir/modules/registrars/sampleregistrar/sampleregistrar.php");
        self::assertTrue(defined('WHMCS'));
        self::assertSame(realpath($this->dir), Runtime::current()->root);
    }

    public function testAFolderThatAlreadyHoldsARootIsRefused(): void
    {
        $this->expectException(\RuntimeException::class);
        Root::create($this->dir);
    }

    public function testInitPhpBootsTheRootForModuleCodeInAnotherProcess(): void
    {
        Seed::registrar('sampleregistrar', ['Username' => 'u', 'Password' => 'p']);
        $script = 'require ' . var_export("$this->dir/modules/registrars/sampleregistrar/../../../init.php", true) . ';'
            . 'echo defined("WHMCS") ? "whmcs " : "none ";'
            . 'echo WHMCS\Config\Setting::getValue("ModuleDebugMode"), " ";'
            . 'echo $GLOBALS["CONFIG"]["DefaultNameserver1"], " ";'
            . 'echo class_exists(WHMCS\Module\Registrar\Sampleregistrar\Wire::class) ? "autoloaded " : "missing ";'
            . 'echo function_exists("getRegistrarConfigOptions") ? "loaded " : "not-loaded ";'
            // Not part of init.php: the registrar functions come with their own file, at ROOTDIR.
            . 'require_once ROOTDIR . "/includes/registrarfunctions.php";'
            . 'echo getRegistrarConfigOptions("sampleregistrar")["Password"];';
        $output = shell_exec(escapeshellarg(PHP_BINARY) . ' -r ' . escapeshellarg($script) . ' 2>&1');
        self::assertSame('whmcs on ns1.example.net autoloaded not-loaded p', $output);
    }

    public function testModuleClassesLoadFromTheModuleLibFolder(): void
    {
        self::assertTrue(class_exists(Wire::class));
        self::assertFalse(class_exists('WHMCS\Module\Registrar\Sampleregistrar\Missing'));
        self::assertFalse(class_exists('WHMCS\Module\Registrar\Nosuchmodule\Wire'));
    }

    public function testHooksOfARegistrarLoadOnlyOnceItIsActivated(): void
    {
        Runtime::current()->loadHooks();
        self::assertFalse(Hooks::has('AdminAreaFooterOutput'));
        Seed::registrar('sampleregistrar', ['Username' => 'u']);
        Runtime::current()->loadHooks();
        self::assertTrue(Hooks::has('AdminAreaFooterOutput'));
    }

    public function testAFreshRootHasModuleLoggingOnAndDefaultNameservers(): void
    {
        self::assertSame('on', Setting::getValue('ModuleDebugMode'));
        self::assertSame('ns2.example.net', Setting::getValue('DefaultNameserver2'));
        self::assertNull(Setting::getValue('NoSuchSetting'));
    }
}
