<?php

declare(strict_types=1);

namespace IspapiCore\ModuleTests;

use IspapiCore\ModuleTests\Support\World;
use PHPUnit\Framework\TestCase;

/**
 * The release archive as an admin uses it: unpacked into a fresh WHMCS root with the prebuilt
 * extension from the archive, activated, used, upgraded to a rebuilt archive, and removed.
 */
final class ReleaseTest extends TestCase
{
    private string $dir;

    protected function setUp(): void
    {
        $this->dir = sys_get_temp_dir() . '/ispapi-release-test-' . getmypid();
        exec('rm -rf ' . escapeshellarg($this->dir));
        mkdir($this->dir, 0700, true);
    }

    protected function tearDown(): void
    {
        exec('rm -rf ' . escapeshellarg($this->dir));
    }

    private function release(string $into): string
    {
        $repo = \dirname(__DIR__, 2);
        // --local: this machine's builds (the shipped archive's glibc-2.28 builds take minutes).
        exec('bash ' . escapeshellarg("$repo/scripts/release") . ' --local 2>&1', $out, $status);
        $this->assertSame(0, $status, implode("\n", $out));
        $archives = glob("$repo/build/ispapi-whmcs-*.tar.gz");
        $this->assertCount(1, $archives);
        mkdir($into, 0700, true);
        exec('tar -C ' . escapeshellarg($into) . ' -xzf ' . escapeshellarg($archives[0]), $out, $status);
        $this->assertSame(0, $status);
        $unpacked = glob("$into/ispapi-whmcs-*")[0];
        exec('cd ' . escapeshellarg($unpacked) . ' && sha256sum --quiet -c SHA256SUMS 2>&1', $check, $status);
        $this->assertSame(0, $status, 'checksums: ' . implode("\n", $check));
        return $unpacked;
    }

    /**
     * Runs Support/admin.php with the archive's own prebuilt extension ('' for none: then the
     * core runs through PHP's FFI and the archive's libispapi_core_ffi-ARCH.so where FFI is
     * enabled; 'ffi.enable=0' for a PHP without it, as on many web servers).
     */
    private function admin(string $release, string ...$args): string
    {
        $ini = ['-d', 'ffi.enable=0'];
        if ($release === 'ffi') {
            $ini = ['-d', 'ffi.enable=1'];
        } elseif ($release !== '') {
            $so = glob("$release/extension/prebuilt/*/ispapi_core.so")[0] ?? '';
            $this->assertFileExists($so);
            $ini = ['-d', "extension=$so"];
        }
        $command = array_merge([PHP_BINARY], $ini, [__DIR__ . '/Support/admin.php'], $args);
        $env = array_diff_key(getenv(), ['ISPAPI_CORE_WASM' => true]);
        $process = proc_open($command, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, $env);
        $out = stream_get_contents($pipes[1]);
        $err = stream_get_contents($pipes[2]);
        $this->assertSame(0, proc_close($process), "admin.php @args failed: $out $err");
        return trim((string) $out);
    }

    public function testInstallUseUpgradeAndRemoveFromTheArchive(): void
    {
        $simulator = World::get()->simulator;
        $root = "$this->dir/whmcs";
        $first = $this->release("$this->dir/v1");
        $this->admin($first, $root, 'create');
        $this->admin($first, $root, 'install', "$first/modules");
        $this->admin($first, $root, 'activate', $simulator->url);

        $name = World::unique('com');
        $flows = json_decode($this->admin($first, $root, 'flows', $name), true);
        $this->assertSame(['success' => true], $flows['register'], json_encode($flows));
        $this->assertTrue($flows['sync']['active'] ?? false, json_encode($flows));

        // Settings page and widgets: the connection, and without the extension one sentence
        // naming the fix instead of a broken page.
        $pages = json_decode($this->admin($first, $root, 'pages'), true);
        $this->assertStringStartsWith('Connected to the HEXONET (ISPAPI) OT&amp;E test system', $pages['connection']);
        $this->assertStringContainsString('Account Balance', $pages['widgets']['ispapi_account']);
        $this->assertStringContainsString('runs through PHP extension', $pages['widgets']['ispapi_account']);
        $missing = json_decode($this->admin('', $root, 'pages'), true);
        foreach ([$missing['settings'], $missing['widgets']['ispapi_account'], $missing['widgets']['ispapi_monitoring']] as $text) {
            $this->assertStringContainsString('is not loaded', $text, json_encode($missing));
        }

        // Without the extension but with FFI enabled: the archive's FFI library runs the same
        // core (any PHP ≥ 7.4), registrar flows and pages alike.
        $viaFfi = json_decode($this->admin('ffi', $root, 'flows', World::unique('org')), true);
        $this->assertSame(['success' => true], $viaFfi['register'], json_encode($viaFfi));
        $this->assertTrue($viaFfi['sync']['active'] ?? false, json_encode($viaFfi));
        $ffiPages = json_decode($this->admin('ffi', $root, 'pages'), true);
        $this->assertStringContainsString('Account Balance', $ffiPages['widgets']['ispapi_account'], json_encode($ffiPages));
        $this->assertStringContainsString("runs through PHP&#039;s FFI", $ffiPages['widgets']['ispapi_account']);
        $this->assertStringStartsWith('Connected to', $ffiPages['connection']);

        // Upgrade in place with a rebuilt archive: settings and data stay, flows still work.
        $second = $this->release("$this->dir/v2");
        $this->admin($second, $root, 'install', "$second/modules");
        $flows = json_decode($this->admin($second, $root, 'flows', World::unique('net')), true);
        $this->assertSame(['success' => true], $flows['register'], json_encode($flows));
        $state = json_decode($this->admin($second, $root, 'boot'), true);
        $this->assertSame(['ispapi'], $state['registrars']);
        $this->assertSame(3, $state['domains']);

        // Removal leaves WHMCS working and its data in place.
        $this->admin($second, $root, 'remove');
        $state = json_decode($this->admin($second, $root, 'boot'), true);
        $this->assertSame([], $state['registrars']);
        $this->assertSame(3, $state['domains']);
        $this->assertNotContains('ispapi', $state['modules']);
    }
}
