<?php

declare(strict_types=1);

namespace IspapiCore\ModuleTests;

use IspapiCore\ModuleTests\Support\World;
use PHPUnit\Framework\TestCase;

/**
 * A reply larger than PHP's memory_limit, through the installed registrar: the function returns
 * an error and the page does not die. The simulator sends no such reply, so the registrar is
 * pointed at the transport tests' scripted server, which streams 100 MB without holding them.
 */
final class ReplySizeTest extends TestCase
{
    /** @var resource */
    private $server;
    private string $dir;
    private int $port;
    private World $world;

    protected function setUp(): void
    {
        $this->world = World::get();
        $this->dir = "{$this->world->dir}/scripted-api";
        @mkdir($this->dir);
        $socket = stream_socket_server('tcp://127.0.0.1:0');
        $this->port = (int) substr(strrchr(stream_socket_get_name($socket, false), ':'), 1);
        fclose($socket);
        $script = \dirname(__DIR__) . '/tests/support/scripted_api.php';
        $this->server = proc_open([PHP_BINARY, '-S', "127.0.0.1:$this->port", $script],
            [1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes, null, ['SCRIPTED_API_DIR' => $this->dir]);
        for ($i = 0; $i < 100 && !($probe = @fsockopen('127.0.0.1', $this->port)); $i++) {
            usleep(20000);
        }
        $this->assertNotFalse($probe, 'the scripted API server started');
        fclose($probe);
    }

    protected function tearDown(): void
    {
        proc_terminate($this->server);
        proc_close($this->server);
        exec('rm -rf ' . escapeshellarg($this->dir));
        $this->world->useApi('ISPAPI');
    }

    public function testARenewalWhoseReplyIsLargerThanPhpsMemoryIsAnErrorNotABlankPage(): void
    {
        $id = $this->world->domain(World::unique('com'));
        $this->world->useApi('ISPAPI', ['ApiUrl' => "http://127.0.0.1:$this->port/api/call.cgi"]);
        file_put_contents("$this->dir/replies.json", json_encode([['stream_bytes' => 100_000_000]]));

        $command = [PHP_BINARY, '-d', 'extension=' . \dirname(__DIR__, 2) . '/target/release/libispapi_core_php.so',
            '-d', 'memory_limit=96M', __DIR__ . '/Support/page.php', "{$this->world->dir}/whmcs", 'RenewDomain', (string) $id];
        $process = proc_open($command, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
        $out = (string) stream_get_contents($pipes[1]);
        $err = (string) stream_get_contents($pipes[2]);
        fclose($pipes[1]);
        fclose($pipes[2]);
        $this->assertSame(0, proc_close($process), "the page died: $out $err");

        $result = json_decode($out, true, 512, JSON_THROW_ON_ERROR);
        // The text is made safe to show as HTML: the apostrophe arrives as &#39;.
        $this->assertMatchesRegularExpression('/failed: 421 .*reply exceeded \\d+ MB and was not read/', $result['error'] ?? '', $out);
        $sent = file("$this->dir/requests.jsonl", FILE_IGNORE_NEW_LINES) ?: [];
        $this->assertCount(1, $sent, 'the renewal is sent once');
        $this->assertStringContainsString('COMMAND=RenewDomain', json_decode($sent[0], true)['s_command']);
    }
}
