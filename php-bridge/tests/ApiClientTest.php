<?php

declare(strict_types=1);

namespace IspapiCore\Tests;

use IspapiCore\ApiClient;
use PHPUnit\Framework\TestCase;

/**
 * The curl transport against a scripted server on loopback: what goes on the wire, what is
 * logged, and when a command is sent again.
 */
final class ApiClientTest extends TestCase
{
    private const OK = "[RESPONSE]\ncode = 200\ndescription = Command completed successfully\nproperty[AUTH][0] = Secret-Auth-1\nproperty[DOMAIN][0] = example.com\nEOF\n";
    private const TRY_AGAIN = "[RESPONSE]\ncode = 421\ndescription = Command failed due to server error. Client should try again\nEOF\n";

    /** @var resource */
    private static $server;
    private static string $dir;
    private static int $port;

    public static function setUpBeforeClass(): void
    {
        self::$dir = sys_get_temp_dir() . '/scripted-api-' . getmypid();
        @mkdir(self::$dir);
        $socket = stream_socket_server('tcp://127.0.0.1:0');
        self::$port = (int) substr(strrchr(stream_socket_get_name($socket, false), ':'), 1);
        fclose($socket);
        $command = [PHP_BINARY, '-S', '127.0.0.1:' . self::$port, __DIR__ . '/support/scripted_api.php'];
        self::$server = proc_open($command, [1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes, null, ['SCRIPTED_API_DIR' => self::$dir]);
        for ($i = 0; $i < 100; $i++) {
            $probe = @fsockopen('127.0.0.1', self::$port);
            if ($probe) {
                fclose($probe);
                return;
            }
            usleep(20000);
        }
        self::fail('the scripted API server did not start');
    }

    public static function tearDownAfterClass(): void
    {
        proc_terminate(self::$server);
        proc_close(self::$server);
        array_map('unlink', glob(self::$dir . '/*') ?: []);
        @rmdir(self::$dir);
    }

    /** @param list<array<string, mixed>> $replies */
    private function script(array $replies): void
    {
        file_put_contents(self::$dir . '/replies.json', json_encode($replies));
        @unlink(self::$dir . '/requests.jsonl');
    }

    /** @return list<array<string, string>> */
    private function received(): array
    {
        $lines = @file(self::$dir . '/requests.jsonl', FILE_IGNORE_NEW_LINES) ?: [];
        return array_map(static fn ($l) => json_decode($l, true), $lines);
    }

    /** @param list<array<int, mixed>> $log */
    private function client(array &$log, array &$sleeps, int $timeout = 5): ApiClient
    {
        return new ApiClient(
            [
                'api' => 'ispapi', 'environment' => 'ote', 'login' => 'reseller', 'password' => 'Pa55-word!',
                'url' => 'http://127.0.0.1:' . self::$port . '/api/call.cgi',
            ],
            [
                'timeout' => $timeout,
                'logger' => function (...$entry) use (&$log): void {
                    $log[] = $entry;
                },
                'sleeper' => function (int $ms) use (&$sleeps): void {
                    $sleeps[] = $ms;
                },
            ]
        );
    }

    public function testACommandIsPostedAsTheApiExpectsAndParsed(): void
    {
        $this->script([['body' => self::OK]]);
        $log = $sleeps = [];
        $r = $this->client($log, $sleeps)->request(['COMMAND' => 'StatusDomain', 'DOMAIN' => "example.com\nCOMMAND=DeleteDomain"]);
        $this->assertSame(200, $r['code']);
        $this->assertSame(['example.com'], $r['properties']['DOMAIN']);
        $sent = $this->received();
        $this->assertCount(1, $sent);
        $this->assertSame('1234', $sent[0]['s_entity']);
        $this->assertSame('reseller', $sent[0]['s_login']);
        $this->assertSame('Pa55-word!', $sent[0]['s_pw']);
        $this->assertSame("COMMAND=StatusDomain\nDOMAIN=example.comCOMMAND=DeleteDomain", $sent[0]['s_command']);
    }

    public function testTheLogNeverCarriesThePasswordOrAuthCodes(): void
    {
        $this->script([['body' => self::OK]]);
        $log = $sleeps = [];
        $this->client($log, $sleeps)->request(['COMMAND' => 'TransferDomain', 'DOMAIN' => 'example.com', 'AUTH' => 'My-Auth-9']);
        $this->assertCount(1, $log);
        $text = json_encode($log);
        $this->assertStringNotContainsString('Pa55-word!', $text);
        $this->assertStringNotContainsString('My-Auth-9', $text);
        $this->assertStringNotContainsString('Secret-Auth-1', $text);
        $this->assertStringContainsString('COMMAND=TransferDomain', $log[0][1]);
    }

    public function testAReadOnlyCommandIsRetriedAfter421WithBackoff(): void
    {
        $this->script([['body' => self::TRY_AGAIN], ['body' => self::TRY_AGAIN], ['body' => self::OK]]);
        $log = $sleeps = [];
        $r = $this->client($log, $sleeps)->request(['COMMAND' => 'CheckDomains', 'DOMAIN' => ['a.com']]);
        $this->assertSame(200, $r['code']);
        $this->assertCount(3, $this->received());
        $this->assertCount(2, $sleeps);
        $this->assertGreaterThan($sleeps[0], $sleeps[1]);
    }

    public function testAChargingCommandIsNotResentAfterATimeout(): void
    {
        $this->script([['body' => self::OK, 'delay_ms' => 2500], ['body' => self::OK]]);
        $log = $sleeps = [];
        $r = $this->client($log, $sleeps, 1)->request(['COMMAND' => 'AddDomain', 'DOMAIN' => 'example.com']);
        $this->assertSame(421, $r['code']);
        $this->assertFalse($r['success']);
        $this->assertStringContainsString('HTTP communication error', $r['description']);
        $this->assertCount(1, $this->received());
        $this->assertSame([], $sleeps);
    }

    public function testAnHtmlErrorPageBecomesA423AndAStatusCommandIsRetried(): void
    {
        $this->script([['body' => '<html><body>502 Bad Gateway</body></html>'], ['body' => self::OK]]);
        $log = $sleeps = [];
        $r = $this->client($log, $sleeps)->request(['COMMAND' => 'AddDomain', 'DOMAIN' => 'example.com']);
        $this->assertSame(423, $r['code']);
        $this->assertCount(1, $this->received(), 'AddDomain is not sent twice');

        $this->script([['status' => 502, 'body' => '<html>Bad Gateway</html>'], ['body' => self::OK]]);
        $r = $this->client($log, $sleeps)->request(['COMMAND' => 'StatusAccount']);
        $this->assertSame(200, $r['code']);
        $this->assertCount(2, $this->received());
    }

    public function testARefusedConnectionIsRetriedForAnyCommandAndThenReported(): void
    {
        $log = $sleeps = [];
        $client = new ApiClient(
            ['api' => 'cnr', 'login' => 'x', 'password' => 'y', 'url' => 'http://127.0.0.1:1/api/call.cgi'],
            ['sleeper' => function (int $ms) use (&$sleeps): void {
                $sleeps[] = $ms;
            }]
        );
        $r = $client->request(['COMMAND' => 'AddDomain', 'DOMAIN' => 'example.com']);
        $this->assertSame(421, $r['code']);
        $this->assertCount(2, $sleeps, 'three attempts in all');
    }

    /**
     * `php -n` with only curl, the core's extension and $ini: the client in a process of its
     * own, whose memory_limit is set here and not by a php.ini.
     *
     * @param list<string> $args
     * @param array<string, string> $ini
     * @return array{exit: int, stdout: string, stderr: string}
     */
    private static function phpWithCurl(array $args, array $ini): array
    {
        $bridge = Subprocess::ffiMode() ? ['-d', 'extension=ffi', '-d', 'ffi.enable=1'] : ['-d', 'extension=' . Subprocess::extension()];
        $command = array_merge([PHP_BINARY, '-n', '-d', 'extension=curl'], $bridge);
        foreach ($ini as $name => $value) {
            array_push($command, '-d', "$name=$value");
        }
        $process = proc_open(array_merge($command, $args), [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
        $stdout = (string) stream_get_contents($pipes[1]);
        $stderr = (string) stream_get_contents($pipes[2]);
        fclose($pipes[1]);
        fclose($pipes[2]);
        return ['exit' => proc_close($process), 'stdout' => $stdout, 'stderr' => $stderr];
    }

    /**
     * A 100 MB reply against PHP's memory_limit of 64M (before: "Allowed memory size
     * exhausted", a blank page): the client stops reading at the core's limit and reports a
     * failure; neither a charging nor a read-only command is sent again (the API did answer).
     */
    public function testAReplyLargerThanPhpsMemoryLimitIsCutOffAndReported(): void
    {
        foreach (['RenewDomain', 'QueryDomainList'] as $command) {
            $this->script([['stream_bytes' => 100_000_000], ['body' => self::OK]]);
            $run = self::phpWithCurl(
                [__DIR__ . '/support/huge_reply_client.php', 'http://127.0.0.1:' . self::$port . '/api/call.cgi', $command],
                ['memory_limit' => '64M']
            );
            $this->assertSame(0, $run['exit'], "$command: PHP died: " . $run['stdout'] . $run['stderr']);
            $out = json_decode($run['stdout'], true, 512, JSON_THROW_ON_ERROR);
            $this->assertSame(421, $out['code'], $run['stdout']);
            $this->assertFalse($out['success']);
            $this->assertMatchesRegularExpression('/the API\'s reply exceeded \d+ MB/', $out['description']);
            $this->assertLessThan(40_000_000, $out['peak'], 'the reply was not held in memory');
            $this->assertSame([], $out['sleeps'], "$command is not sent again");
            $this->assertCount(1, $this->received(), "$command is not sent again");
        }
    }

    public function testATruncatedReplyIsNeverTakenAsASuccess(): void
    {
        $this->script([['body' => self::OK, 'close' => true]]);
        $log = $sleeps = [];
        $r = $this->client($log, $sleeps)->request(['COMMAND' => 'RenewDomain', 'DOMAIN' => 'example.com']);
        $this->assertFalse($r['success']);
        $this->assertCount(1, $this->received());
    }
}
