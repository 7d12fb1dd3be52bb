<?php

declare(strict_types=1);

namespace IspapiCore\Tests;

use PHPUnit\Framework\TestCase;

/**
 * What needs a PHP process of its own: the CLI, the ini settings (fixed per process), the
 * disk cache across processes, and a PHP without the extension.
 */
final class ProcessTest extends TestCase
{
    private const SCRIPTED = Subprocess::GUESTS . '/scripted.wasm';

    /** @return array{code: string, message: string} */
    private static function cliError(array $run): array
    {
        self::assertSame(1, $run['exit'], $run['stdout'] . $run['stderr']);
        $output = json_decode($run['stdout'], true, 512, JSON_THROW_ON_ERROR);
        self::assertSame(['error'], array_keys($output));
        self::assertIsString($output['error']['message']);
        return $output['error'];
    }

    public function testTheCliPrintsTheResultAndExitsZero(): void
    {
        $run = Subprocess::cli('encode_command', '{"command":{"COMMAND":"CheckDomains","DOMAIN":["a.com","b.net"]}}');
        self::assertSame(0, $run['exit'], $run['stdout'] . $run['stderr']);
        self::assertSame("{\"text\":\"COMMAND=CheckDomains\\nDOMAIN0=a.com\\nDOMAIN1=b.net\"}\n", $run['stdout']);
        self::assertSame('', $run['stderr']);
    }

    public function testTheCliTreatsEmptyStdinAsAnEmptyObject(): void
    {
        $run = Subprocess::cli('version', '');
        self::assertSame(0, $run['exit'], $run['stdout'] . $run['stderr']);
        self::assertSame(1, json_decode($run['stdout'], true)['abi']);
    }

    public function testTheCliReportsCoreErrorsWithTheCoresCode(): void
    {
        self::assertSame('unknown_function', self::cliError(Subprocess::cli('no_such_function', '{}'))['code']);
        self::assertSame('invalid_args', self::cliError(Subprocess::cli('encode_command', '{not json'))['code']);
        self::assertSame('invalid_args', self::cliError(Subprocess::cli('encode_command', "\xFF\xFE"))['code']);
    }

    public function testTheCliReportsBridgeErrorsWithABridgePrefix(): void
    {
        $error = self::cliError(Subprocess::cli('version', '{}', ['ispapi_core.wasm_path' => '/nonexistent.wasm']));
        self::assertSame('bridge_wasm_missing', $error['code']);
        self::assertStringContainsString('/nonexistent.wasm', $error['message']);
    }

    public function testTheCliWithoutAFunctionIsAUsageError(): void
    {
        self::assertSame('usage', self::cliError(Subprocess::php([Subprocess::BIN]))['code']);
    }

    public function testAnEndlessCallStopsAtTheConfiguredDeadline(): void
    {
        $ini = ['ispapi_core.wasm_path' => self::SCRIPTED, 'ispapi_core.deadline_ms' => '200'];
        $error = self::cliError(Subprocess::cli('loop', '{}', $ini));
        self::assertSame('bridge_deadline', $error['code']);
        self::assertStringContainsString('deadline of 200 ms', $error['message']);
    }

    public function testGrowingPastTheConfiguredMemoryLimitIsOutOfMemory(): void
    {
        $ini = ['ispapi_core.wasm_path' => self::SCRIPTED, 'ispapi_core.memory_limit_mb' => '4'];
        $error = self::cliError(Subprocess::cli('grow', '{}', $ini));
        self::assertSame('bridge_out_of_memory', $error['code']);
        self::assertStringContainsString('4 MiB', $error['message']);
    }

    public function testTheSecondProcessLoadsTheCoreFromTheDiskCache(): void
    {
        $ini = ['ispapi_core.cache_dir' => Subprocess::tempDir() . '/cache'];
        $script = 'require "' . __DIR__ . '/../lib/autoload.php";'
            . ' echo json_encode((new IspapiCore\Core())->info());';
        $outcomes = [];
        foreach ([1, 2] as $run) {
            $result = Subprocess::php(['-r', $script], '', $ini);
            self::assertSame(0, $result['exit'], $result['stdout'] . $result['stderr']);
            $info = json_decode($result['stdout'], true, 512, JSON_THROW_ON_ERROR);
            self::assertSame($ini['ispapi_core.cache_dir'], $info['cache_dir']);
            $outcomes[] = $info['cache'];
        }
        self::assertSame(['miss', 'hit'], $outcomes);
    }

    /**
     * A script confined by open_basedir cannot make the extension open a .wasm outside it, and
     * the answer is the same whether that file exists or not (no oracle).
     */
    public function testAWasmOutsideOpenBasedirIsRefusedLikeAMissingOne(): void
    {
        if (Subprocess::ffiMode()) {
            self::markTestSkipped('calls the extension directly; testTheFfiPathRefusesAWasmOutsideOpenBasedirToo covers FFI');
        }
        $confined = Subprocess::tempDir();
        $outside = realpath(self::SCRIPTED);
        $missing = dirname($outside) . '/no-such-guest.wasm';
        $script = 'foreach ($argv as $i => $path) { if ($i === 0) continue;'
            . ' try { ispapi_core_call($path, "echo", "[1]"); echo "ran\n"; }'
            . ' catch (Throwable $e) { echo get_class($e), "|", $e->getErrorCode(), "|",'
            . ' str_replace($path, "PATH", $e->getMessage()), "\n"; } }';
        $run = Subprocess::php(['-r', $script, '--', $outside, $missing], '', ['open_basedir' => $confined]);
        $lines = explode("\n", trim($run['stdout']));
        self::assertCount(2, $lines, $run['stdout'] . $run['stderr']);
        self::assertStringStartsWith('IspapiCore\BridgeException|wasm_missing|', $lines[0]);
        self::assertSame($lines[0], $lines[1]);
        // Inside open_basedir it still runs.
        copy($outside, "$confined/guest.wasm");
        $run = Subprocess::php(['-r', $script, '--', "$confined/guest.wasm"], '', ['open_basedir' => $confined]);
        self::assertSame('ran', trim($run['stdout']), $run['stderr']);
    }

    /** The FFI library cannot ask PHP about open_basedir: Core checks first, with the same answer. */
    public function testTheFfiPathRefusesAWasmOutsideOpenBasedirToo(): void
    {
        $confined = Subprocess::tempDir();
        $outside = Subprocess::tempDir() . '/guest.wasm';
        copy(self::SCRIPTED, $outside);
        $missing = dirname($outside) . '/no-such-guest.wasm';
        copy($outside, "$confined/guest.wasm");
        $script = 'require "' . __DIR__ . '/../lib/autoload.php";'
            . ' foreach ($argv as $i => $path) { if ($i === 0) continue;'
            . ' try { $core = new IspapiCore\Core($path); $core->callJson("peek", "{}");'
            . ' echo $core->path(), "|ran\n"; }'
            . ' catch (Throwable $e) { echo get_class($e), "|", $e->getErrorCode(), "|",'
            . ' str_replace($path, "PATH", $e->getMessage()), "\n"; } }';
        $ini = ['extension' => 'ffi', 'ffi.enable' => '1', 'open_basedir' => $confined . PATH_SEPARATOR . dirname(__DIR__, 2)];
        $run = Subprocess::php(['-r', $script, '--', $outside, $missing, "$confined/guest.wasm"], '', $ini, false);
        $lines = explode("\n", trim($run['stdout']));
        self::assertCount(3, $lines, $run['stdout'] . $run['stderr']);
        self::assertSame(
            "IspapiCore\\BridgeException|wasm_missing|ispapi core (wasm_missing): the core's .wasm at PATH could not be read:"
            . ' it is missing, not readable by this user, or outside open_basedir',
            $lines[0]
        );
        self::assertSame($lines[0], $lines[1]);
        self::assertSame('ffi|ran', $lines[2]);
    }

    /** Without the extension, FFI runs the same core, with the same errors and settings. */
    public function testWithoutTheExtensionTheFfiLibraryRunsTheCore(): void
    {
        $ini = ['extension' => 'ffi', 'ffi.enable' => '1'];
        $run = Subprocess::cli('encode_command', '{"command":{"COMMAND":"CheckDomains","DOMAIN":["a.com"]}}', $ini, false);
        self::assertSame(0, $run['exit'], $run['stdout'] . $run['stderr']);
        self::assertSame("{\"text\":\"COMMAND=CheckDomains\\nDOMAIN0=a.com\"}\n", $run['stdout']);

        $error = self::cliError(Subprocess::cli('loop', '{}', $ini + ['ispapi_core.wasm_path' => self::SCRIPTED, 'ispapi_core.deadline_ms' => '200'], false));
        self::assertSame('bridge_deadline', $error['code']);
        self::assertStringContainsString('deadline of 200 ms', $error['message']);

        $error = self::cliError(Subprocess::cli('trap', '{}', $ini + ['ispapi_core.wasm_path' => self::SCRIPTED], false));
        self::assertSame('bridge_trap', $error['code']);

        $script = 'require "' . __DIR__ . '/../lib/autoload.php"; $c = new IspapiCore\Core();'
            . ' echo $c->runtimeSummary(), "\n", json_encode($c->info());';
        // Quoted: php.ini reads a bare off as "" (the FFI path reads it with get_cfg_var()).
        $run = Subprocess::php(['-r', $script], '', $ini + ['ispapi_core.cache_dir' => '"off"'], false);
        self::assertSame(0, $run['exit'], $run['stdout'] . $run['stderr']);
        [$summary, $info] = explode("\n", $run['stdout']);
        self::assertStringStartsWith('PHP FFI with libispapi_core_ffi.so 0.1.', $summary);
        self::assertStringContainsString('compiled-module cache switched off', $summary);
        self::assertSame('ffi', json_decode($info, true)['path']);
    }

    /** Without the extension, lib/BridgeException.php stands in: the same codes and kinds. */
    public function testThePhpBridgeExceptionMatchesTheExtensionsOne(): void
    {
        if (!\extension_loaded('ispapi_core')) {
            self::markTestSkipped('compares with the extension\'s class');
        }
        $script = 'require "' . __DIR__ . '/../lib/autoload.php"; $c = new ReflectionClass(IspapiCore\BridgeException::class);'
            . ' $kinds = []; foreach ($c->getConstants() as $n) { $kinds[$n] = (new IspapiCore\BridgeException("", $n))->getErrorCode(); }'
            . ' echo json_encode([$c->getConstants(), $kinds, $c->isSubclassOf(RuntimeException::class)]);';
        $run = Subprocess::php(['-r', $script], '', [], false);
        $kinds = [];
        foreach ((new \ReflectionClass(\IspapiCore\BridgeException::class))->getConstants() as $number) {
            $kinds[$number] = (new \IspapiCore\BridgeException('', $number))->getErrorCode();
        }
        self::assertSame(
            json_encode([(new \ReflectionClass(\IspapiCore\BridgeException::class))->getConstants(), $kinds, true]),
            $run['stdout'],
            $run['stderr']
        );
    }

    /** FFI switched off: the one sentence says so as well as that the extension is missing. */
    public function testWithFfiDisabledTheSentenceSaysWhy(): void
    {
        $error = self::cliError(Subprocess::cli('version', '{}', ['extension' => 'ffi', 'ffi.enable' => '0'], false));
        self::assertSame('extension_missing', $error['code']);
        self::assertStringContainsString("PHP's FFI is not enabled (ffi.enable = 0)", $error['message']);
    }

    public function testWithoutTheExtensionTheLibrarySaysHowToInstallIt(): void
    {
        $script = 'require "' . __DIR__ . '/../lib/autoload.php";'
            . ' try { new IspapiCore\Core(); } catch (IspapiCore\Exception $e) {'
            . ' echo get_class($e), "|", $e->getErrorCode(), "|", $e->getMessage(); }';
        $run = Subprocess::php(['-r', $script], '', [], false);
        [$class, $code, $message] = explode('|', $run['stdout']);
        self::assertSame('IspapiCore\ExtensionMissing', $class);
        self::assertSame('extension_missing', $code);
        self::assertStringContainsString('"Installing the PHP extension"', $message);
        self::assertStringEndsWith('README.md.', $message);

        $error = self::cliError(Subprocess::cli('version', '{}', [], false));
        self::assertSame('extension_missing', $error['code']);
        self::assertSame($message, $error['message']);
    }
}
