<?php

declare(strict_types=1);

namespace IspapiCore\ModuleTests\Support;

/**
 * The API simulator (target/release/ispapi-sim) as a child process on a free loopback port,
 * seeded with the demo account (or another seed), stopped when the test process ends.
 */
final class Simulator
{
    /** @var resource */
    private $process;
    /** @var list<self> every simulator this test process started, checked at its end */
    private static array $started = [];
    public readonly string $url;

    private function __construct(string $binary, string $db)
    {
        $pipes = [];
        $this->process = proc_open(
            [$binary, 'serve', '--db', $db, '--port', '0', '--strict'],
            [1 => ['pipe', 'w'], 2 => ['file', $db . '.log', 'a']],
            $pipes
        );
        if (!\is_resource($this->process)) {
            throw new \RuntimeException("could not start $binary");
        }
        $line = (string) fgets($pipes[1]);
        if (!preg_match('~listening on (http://127\.0\.0\.1:\d+)~', $line, $m)) {
            $this->stop();
            throw new \RuntimeException("the simulator did not start: $line (see $db.log)");
        }
        $this->url = $m[1];
    }

    /** @param list<string> $seed the `ispapi-sim seed` arguments: the demo account, or `--scale N` */
    public static function start(string $dir, array $seed = ['--demo']): self
    {
        $binary = \dirname(__DIR__, 3) . '/target/release/ispapi-sim';
        if (!is_file($binary)) {
            throw new \RuntimeException("$binary is missing: run scripts/build");
        }
        $db = "$dir/simulator.db";
        $args = implode(' ', array_map('escapeshellarg', $seed));
        $out = [];
        exec(escapeshellarg($binary) . " seed $args --db " . escapeshellarg($db) . ' 2>&1', $out, $status);
        if ($status !== 0) {
            throw new \RuntimeException('seeding the simulator failed: ' . implode("\n", $out));
        }
        $simulator = new self($binary, $db);
        if (self::$started === []) {
            register_shutdown_function([self::class, 'finish']);
        }
        self::$started[] = $simulator;
        return $simulator;
    }

    public function ispapiUrl(): string
    {
        return $this->url . '/ispapi/api/call.cgi';
    }

    public function cnrUrl(): string
    {
        return $this->url . '/cnr/api/call.cgi';
    }

    /**
     * The control API: faults, the clock, transfers. See simulator/README.md.
     *
     * @param array<string, mixed> $request
     * @return array<string, mixed>
     */
    public function control(array $request): array
    {
        return $this->http('POST', '/_control', json_encode($request, JSON_THROW_ON_ERROR));
    }

    /** @return list<string> the s_command texts the simulator received, oldest first */
    public function received(): array
    {
        $log = $this->http('GET', '/_control/log');
        return array_map(static fn ($e) => \is_array($e) ? (string) ($e['command'] ?? '') : (string) $e, $log['log'] ?? $log);
    }

    /** @return list<string> the command names it received, oldest first ('?' for a text without one) */
    public function receivedCommands(): array
    {
        return array_map(
            static fn (string $text): string => preg_match('/^COMMAND=(\S+)/m', $text, $m) ? $m[1] : '?',
            $this->received()
        );
    }

    /** @return array<mixed> */
    private function http(string $method, string $path, ?string $body = null): array
    {
        $curl = curl_init($this->url . $path);
        curl_setopt_array($curl, [
            CURLOPT_CUSTOMREQUEST => $method,
            CURLOPT_RETURNTRANSFER => true,
            CURLOPT_TIMEOUT => 10,
            CURLOPT_HTTPHEADER => ['Content-Type: application/json'],
        ]);
        if ($body !== null) {
            curl_setopt($curl, CURLOPT_POSTFIELDS, $body);
        }
        $reply = curl_exec($curl);
        $status = curl_getinfo($curl, CURLINFO_RESPONSE_CODE);
        curl_close($curl);
        if (!\is_string($reply) || $status !== 200) {
            throw new \RuntimeException("simulator control $path answered $status: " . var_export($reply, true));
        }
        return json_decode($reply, true, 512, JSON_THROW_ON_ERROR) ?? [];
    }

    /**
     * @return list<string> what strict mode refused because the API's documentation does not
     *     allow it (simulator/spec/), e.g. "503 RenewDomain: parameter X is not documented"
     */
    public function violations(): array
    {
        return array_map('strval', $this->http('GET', '/_control/violations'));
    }

    /**
     * At the end of the test process: stops every simulator, and fails the run (exit 1) listing
     * every command the documented API would have refused.
     */
    public static function finish(): void
    {
        $all = [];
        foreach (self::$started as $simulator) {
            try {
                array_push($all, ...$simulator->violations());
            } catch (\Throwable) {
                // A simulator a test stopped itself has nothing left to report.
            }
            $simulator->stop();
        }
        if ($all !== []) {
            fwrite(STDERR, "\nAPI spec violations (simulator strict mode):\n  " . implode("\n  ", array_unique($all)) . "\n");
            exit(1);
        }
    }

    public function stop(): void
    {
        if (\is_resource($this->process)) {
            proc_terminate($this->process);
            proc_close($this->process);
        }
    }
}
