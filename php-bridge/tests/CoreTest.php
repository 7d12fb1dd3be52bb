<?php

declare(strict_types=1);

namespace IspapiCore\Tests;

use IspapiCore\BridgeException;
use IspapiCore\Core;
use IspapiCore\CoreException;
use PHPUnit\Framework\TestCase;

/** Calls through the loaded extension into the real core and into the scripted test guest. */
final class CoreTest extends TestCase
{
    private static function scripted(): Core
    {
        return new Core(Subprocess::GUESTS . '/scripted.wasm');
    }

    public function testVersionNamesTheAbiTheExtensionSpeaks(): void
    {
        $version = Core::shared()->call('version');
        self::assertSame(1, $version['abi']);
        self::assertIsString($version['core']);
    }

    public function testEncodeCommandRoundTrips(): void
    {
        $encoded = Core::shared()->call('encode_command', [
            'command' => ['COMMAND' => 'CheckDomains', 'DOMAIN' => ['a.com', 'b.net']],
        ]);
        self::assertSame(['text' => "COMMAND=CheckDomains\nDOMAIN0=a.com\nDOMAIN1=b.net"], $encoded);
    }

    public function testAnUnknownFunctionIsACoreException(): void
    {
        try {
            Core::shared()->call('no_such_function');
            self::fail('expected a CoreException');
        } catch (CoreException $e) {
            self::assertSame('unknown_function', $e->getErrorCode());
            self::assertSame('no_such_function', $e->getFunction());
            self::assertStringContainsString('no_such_function', $e->getMessage());
            self::assertInstanceOf(\IspapiCore\Exception::class, $e);
        }
    }

    public function testArgumentsOfTheWrongShapeAreACoreException(): void
    {
        try {
            Core::shared()->call('encode_command', ['command' => 5]);
            self::fail('expected a CoreException');
        } catch (CoreException $e) {
            self::assertSame('invalid_args', $e->getErrorCode());
        }
    }

    public function testArgumentsAreAlwaysAJsonObject(): void
    {
        self::assertSame('{}', Core::argsToJson([]));
        self::assertSame('{}', Core::argsToJson(new \stdClass()));
        self::assertSame('{"a":1.0,"b":[],"c":{}}', Core::argsToJson(['a' => 1.0, 'b' => [], 'c' => new \stdClass()]));
        self::assertSame('{"name":"müller.de"}', Core::argsToJson(['name' => 'müller.de']));
        self::assertSame("{\"bad\":\"a\u{FFFD}b\"}", Core::argsToJson(['bad' => "a\xFFb"]));
        $this->expectException(\InvalidArgumentException::class);
        Core::argsToJson(['a.com', 'b.net']);
    }

    public function testCallJsonKeepsEmptyObjectsApartFromEmptyLists(): void
    {
        // The scripted guest's "echo" returns the arguments as the envelope.
        $result = self::scripted()->callJson('echo', '{"ok":{"object":{},"list":[],"float":1.0}}');
        self::assertSame('{"object":{},"list":[],"float":1.0}', $result);
    }

    public function testAnEnvelopeThatIsNotAnEnvelopeIsABridgeException(): void
    {
        try {
            self::scripted()->call('echo', ['neither' => 'ok nor error']);
            self::fail('expected a BridgeException');
        } catch (BridgeException $e) {
            self::assertSame('bad_envelope', $e->getErrorCode());
            self::assertSame(BridgeException::BAD_ENVELOPE, $e->getCode());
        }
    }

    public function testAMissingWasmIsABridgeExceptionAndTheGoodCoreStillWorks(): void
    {
        $missing = sys_get_temp_dir() . '/ispapi-core-does-not-exist/ispapi_core.wasm';
        try {
            (new Core($missing))->call('version');
            self::fail('expected a BridgeException');
        } catch (BridgeException $e) {
            self::assertSame('wasm_missing', $e->getErrorCode());
            self::assertSame(BridgeException::WASM_MISSING, $e->getCode());
            self::assertStringStartsWith('ispapi core (wasm_missing): ', $e->getMessage());
            self::assertStringContainsString($missing, $e->getMessage());
        }
        self::assertSame(1, Core::shared()->call('version')['abi']);
    }

    public function testACorruptWasmIsABridgeExceptionAndTheGoodCoreStillWorks(): void
    {
        $corrupt = Subprocess::tempDir() . '/corrupt.wasm';
        file_put_contents($corrupt, random_bytes(512));
        try {
            (new Core($corrupt))->call('version');
            self::fail('expected a BridgeException');
        } catch (BridgeException $e) {
            self::assertSame('wasm_invalid', $e->getErrorCode());
            self::assertStringContainsString('not a valid WebAssembly module', $e->getMessage());
        }
        self::assertSame(1, Core::shared()->call('version')['abi']);
    }

    public function testAnotherAbiVersionIsRefused(): void
    {
        $this->expectException(BridgeException::class);
        $this->expectExceptionCode(BridgeException::ABI_MISMATCH);
        (new Core(Subprocess::GUESTS . '/abi_v2.wasm'))->call('version');
    }

    public function testATrapIsABridgeExceptionAndTheNextCallGetsAFreshInstance(): void
    {
        $core = self::scripted();
        self::assertSame('0', $core->callJson('peek', '{}'));
        self::assertSame('1', $core->callJson('mark', '{}'));
        self::assertSame('1', $core->callJson('peek', '{}'), 'the instance stays warm');
        try {
            $core->callJson('trap', '{}');
            self::fail('expected a BridgeException');
        } catch (BridgeException $e) {
            self::assertSame('trap', $e->getErrorCode());
            self::assertSame(
                'ispapi core (trap): the wasm guest trapped (unreachable) while running trap;'
                . ' the next call starts a fresh instance',
                $e->getMessage()
            );
            // Thrown like any PHP exception: with the calling file, line and a trace.
            self::assertSame(realpath(__DIR__ . '/../lib/Core.php'), $e->getFile());
            self::assertGreaterThan(0, $e->getLine());
            self::assertContains(__FILE__, array_column($e->getTrace(), 'file'));
            self::assertInstanceOf(\RuntimeException::class, $e);
            self::assertInstanceOf(\IspapiCore\Exception::class, $e);
        }
        self::assertSame('0', $core->callJson('peek', '{}'), 'a fresh instance');
    }

    public function testAnEnvelopeThatIsNotUtf8IsABridgeException(): void
    {
        $this->expectException(BridgeException::class);
        $this->expectExceptionCode(BridgeException::BAD_ENVELOPE);
        self::scripted()->callJson('utf8', '{}');
    }

    public function testInfoDescribesTheRuntime(): void
    {
        $info = Core::shared()->info();
        self::assertSame(1, $info['abi_version']);
        self::assertMatchesRegularExpression('/^\d+\.\d+\.\d+$/', $info['wasmtime_version']);
        self::assertSame(Subprocess::ffiMode() ? 'ffi' : 'extension', $info['path']);
        self::assertMatchesRegularExpression('/^\d+\.\d+\.\d+/', $info[Subprocess::ffiMode() ? 'library_version' : 'extension_version']);
        self::assertMatchesRegularExpression('/^[0-9a-f]{64}$/', $info['wasm_sha256']);
        self::assertSame(hash_file('sha256', Core::shared()->wasmPath()), $info['wasm_sha256']);
        self::assertIsBool($info['cache_hit']);
        self::assertIsInt($info['load_time_us']);
        self::assertSame(256, $info['memory_limit_mb']);
        self::assertSame(10000, $info['deadline_ms']);
        // Beside the .wasm, never a shared temp directory another user could prepare.
        self::assertSame(dirname(Core::shared()->wasmPath()) . '/.ispapi-core-cache', $info['cache_dir']);
        self::assertIsBool($info['first_description']);
    }

    /**
     * The scripted guest's "echo" hands the arguments back as the envelope: what call() returns
     * is the arguments after one trip into the guest and back, through the extension's
     * MessagePack or through JSON on the FFI path, which must agree.
     */
    public function testValuesSurviveTheTripIntoTheCoreAndBack(): void
    {
        $ok = [
            'text' => "müller\nCOMMAND=x",
            'int' => -5,
            'big' => PHP_INT_MAX,
            'float' => 1.0,
            'half' => 0.5,
            'null' => null,
            'yes' => true,
            'no' => false,
            'list' => ['a', 2, [3]],
            'empty' => [],
            'object' => new \stdClass(),
            '12' => 'a numeric key stays an integer key',
            'nested' => ['deep' => ['deeper' => ['x' => 'y']]],
        ];
        $back = self::scripted()->call('echo', ['ok' => $ok]);
        $expected = $ok;
        $expected['object'] = [];
        self::assertSame($expected, $back);
        self::assertArrayHasKey(12, $back);
        self::assertIsFloat($back['float']);
    }

    public function testInvalidUtf8IsReplacedAndReferencesAreFollowed(): void
    {
        $value = 'shared';
        $args = ['ok' => ['bad' => "a\xFFb", 'ref' => &$value]];
        self::assertSame(['bad' => "a\u{FFFD}b", 'ref' => 'shared'], self::scripted()->call('echo', $args));
    }

    /** @return iterable<string, array{mixed}> */
    public static function argumentsNoCoreFunctionTakes(): iterable
    {
        yield 'NaN' => [['x' => NAN]];
        yield 'infinity' => [['x' => INF]];
        yield 'a resource' => [['x' => fopen('php://memory', 'r')]];
        $deep = [];
        for ($i = 0; $i < 600; $i++) {
            $deep = ['d' => $deep];
        }
        yield 'nested 600 deep' => [$deep];
        yield 'a list' => [['a.com', 'b.net']];
    }

    /** @dataProvider argumentsNoCoreFunctionTakes */
    public function testArgumentsNoCoreFunctionTakesAreRefusedBeforeTheCall(mixed $args): void
    {
        $this->expectException(\InvalidArgumentException::class);
        self::scripted()->call('echo', $args);
    }

    public function testTheScriptedGuestsUnknownFunctionIsACoreException(): void
    {
        try {
            self::scripted()->call('nothing');
            self::fail('expected a CoreException');
        } catch (CoreException $e) {
            self::assertSame('unknown_function', $e->getErrorCode());
        }
    }

    public function testTheRealCoreAnswersCallAsCallJson(): void
    {
        $core = Core::shared();
        $text = "[RESPONSE]\ncode = 200\ndescription = ok\nproperty[domain][0] = a.com\nproperty[domain][1] = xn--mller-kva.de\nproperty[12][0] = numeric\nEOF\n";
        foreach ([
            ['parse_response', ['text' => $text]],
            ['encode_command', ['command' => ['COMMAND' => 'CheckDomains', 'DOMAIN' => ['a.com', 'müller.de']]]],
            ['monitor_cases', ['api' => 'cnr']],
            ['registrar_config', []],
        ] as [$function, $args]) {
            self::assertSame(
                json_decode($core->callJson($function, Core::argsToJson($args)), true),
                $core->call($function, $args),
                $function
            );
        }
    }
}
