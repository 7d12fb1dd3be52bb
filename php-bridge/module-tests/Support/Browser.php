<?php

declare(strict_types=1);

namespace IspapiCore\ModuleTests\Support;

/**
 * Headless Chromium (Debian's chromium and chromium-driver) driven through chromedriver's
 * WebDriver HTTP API with curl, and the harness's admin page server (php -S with
 * harness/server/router.php) on the world's root. Loopback only; stop() ends every process it
 * started, and a shutdown function does so if a test dies first.
 */
final class Browser
{
    public const CHROMEDRIVER = '/usr/bin/chromedriver';
    public const CHROMIUM = '/usr/bin/chromium';

    /** @var list<resource> */
    private array $processes = [];
    private string $driverUrl = '';
    private string $session = '';
    public readonly string $baseUrl;
    public readonly string $downloads;
    private readonly string $profile;

    private function __construct(World $world)
    {
        $repo = \dirname(__DIR__, 3);
        $this->downloads = "$world->dir/downloads";
        $this->profile = "$world->dir/chromium-profile-" . bin2hex(random_bytes(4));
        @mkdir($this->downloads, 0700, true);
        register_shutdown_function([$this, 'stop']);

        $port = self::freePort();
        $extension = self::loadedExtension();
        $this->spawn(
            array_merge([PHP_BINARY], $extension === '' ? [] : ['-d', "extension=$extension"], [
                '-S', "127.0.0.1:$port", "$repo/php-bridge/harness/server/router.php",
            ]),
            ['HARNESS_ROOT' => "$world->dir/whmcs", 'ISPAPI_CORE_WASM' => (string) getenv('ISPAPI_CORE_WASM')],
            "$world->dir/page-server.log"
        );
        $this->baseUrl = "http://127.0.0.1:$port";
        self::waitForPort($port);

        $driverPort = self::freePort();
        $this->spawn(
            [self::CHROMEDRIVER, "--port=$driverPort", '--allowed-ips=127.0.0.1'],
            [],
            "$world->dir/chromedriver.log"
        );
        $this->driverUrl = "http://127.0.0.1:$driverPort";
        self::waitForPort($driverPort);
        $this->session = $this->newSession();
    }

    public static function available(): bool
    {
        return is_executable(self::CHROMEDRIVER) && is_executable(self::CHROMIUM);
    }

    public static function start(World $world): self
    {
        return new self($world);
    }

    private function newSession(): string
    {
        $r = $this->webdriver('POST', '/session', ['capabilities' => ['alwaysMatch' => [
            'browserName' => 'chrome',
            'goog:chromeOptions' => [
                'binary' => self::CHROMIUM,
                'args' => [
                    '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                    '--disable-background-networking', '--disable-component-update', '--disable-sync',
                    '--disable-dev-shm-usage', '--window-size=1280,1000', "--user-data-dir=$this->profile",
                ],
                'prefs' => [
                    'download.default_directory' => $this->downloads,
                    'download.prompt_for_download' => false,
                ],
            ],
        ]]], '');
        $id = (string) ($r['value']['sessionId'] ?? '');
        if ($id === '') {
            throw new \RuntimeException('chromedriver gave no session: ' . json_encode($r));
        }
        $this->session = $id;
        $this->webdriver('POST', '/goog/cdp/execute', [
            'cmd' => 'Browser.setDownloadBehavior',
            'params' => ['behavior' => 'allow', 'downloadPath' => $this->downloads],
        ]);
        return $id;
    }

    public function open(string $path): void
    {
        $this->webdriver('POST', '/url', ['url' => $this->baseUrl . $path]);
    }

    public function login(string $username, string $password): void
    {
        $this->open('/admin/login.php');
        $this->type('input[name=username]', $username);
        $this->type('input[name=password]', $password);
        $this->click('button[type=submit]');
        $this->waitFor(fn (): bool => str_contains($this->script('return location.pathname;'), '/admin/index.php'), 'the dashboard after login');
    }

    public function element(string $css): string
    {
        $r = $this->webdriver('POST', '/element', ['using' => 'css selector', 'value' => $css]);
        $id = reset($r['value']);
        if (!\is_string($id)) {
            throw new \RuntimeException("no element $css: " . json_encode($r));
        }
        return $id;
    }

    public function click(string $css): void
    {
        $this->webdriver('POST', '/element/' . $this->element($css) . '/click', []);
    }

    public function type(string $css, string $text): void
    {
        $this->webdriver('POST', '/element/' . $this->element($css) . '/value', ['text' => $text]);
    }

    public function text(string $css): string
    {
        return (string) $this->webdriver('GET', '/element/' . $this->element($css) . '/text')['value'];
    }

    /** Runs JavaScript in the page; returns its value. */
    public function script(string $js, array $args = []): mixed
    {
        return $this->webdriver('POST', '/execute/sync', ['script' => $js, 'args' => $args])['value'];
    }

    /** Runs JavaScript that calls arguments[arguments.length - 1](value) when done. */
    public function asyncScript(string $js, array $args = []): mixed
    {
        return $this->webdriver('POST', '/execute/async', ['script' => $js, 'args' => $args])['value'];
    }

    public function waitFor(callable $condition, string $what, float $seconds = 30.0): void
    {
        $until = microtime(true) + $seconds;
        while (microtime(true) < $until) {
            if ($condition()) {
                return;
            }
            usleep(100_000);
        }
        throw new \RuntimeException("timed out waiting for $what");
    }

    /** Saves a PNG of the page under target/artefacts/; returns its path. */
    public function screenshot(string $name): string
    {
        $png = base64_decode((string) $this->webdriver('GET', '/screenshot')['value'], true);
        $dir = \dirname(__DIR__, 3) . '/target/artefacts';
        @mkdir($dir, 0755, true);
        $file = "$dir/$name.png";
        file_put_contents($file, (string) $png);
        return $file;
    }

    public function stop(): void
    {
        if ($this->session !== '' && $this->driverUrl !== '') {
            try {
                $this->webdriver('DELETE', '', null);
            } catch (\Throwable) {
                // The driver is stopped below either way.
            }
            $this->session = '';
        }
        foreach ($this->processes as $process) {
            if (\is_resource($process)) {
                proc_terminate($process);
                proc_close($process);
            }
        }
        $this->processes = [];
        if (is_dir($this->profile)) {
            exec('rm -rf ' . escapeshellarg($this->profile));
        }
    }

    /** @return array<string, mixed> */
    private function webdriver(string $method, string $path, ?array $body = null, ?string $session = null): array
    {
        $url = $this->driverUrl . ($session ?? ($this->session === '' ? '' : "/session/$this->session")) . $path;
        $curl = curl_init($url);
        curl_setopt_array($curl, [
            CURLOPT_CUSTOMREQUEST => $method,
            CURLOPT_RETURNTRANSFER => true,
            CURLOPT_TIMEOUT => 120,
            CURLOPT_HTTPHEADER => ['Content-Type: application/json'],
        ]);
        if ($body !== null && $method !== 'GET') {
            curl_setopt($curl, CURLOPT_POSTFIELDS, json_encode((object) $body, JSON_THROW_ON_ERROR | JSON_UNESCAPED_SLASHES));
        }
        $reply = curl_exec($curl);
        $status = (int) curl_getinfo($curl, CURLINFO_RESPONSE_CODE);
        curl_close($curl);
        $decoded = \is_string($reply) ? json_decode($reply, true) : null;
        if ($status !== 200 || !\is_array($decoded)) {
            throw new \RuntimeException("WebDriver $method $path answered $status: " . substr((string) $reply, 0, 500));
        }
        return $decoded;
    }

    /** @param list<string> $command */
    private function spawn(array $command, array $env, string $log): void
    {
        $process = proc_open($command, [0 => ['file', '/dev/null', 'r'], 1 => ['file', $log, 'a'], 2 => ['file', $log, 'a']], $pipes, null, $env + getenv());
        if (!\is_resource($process)) {
            throw new \RuntimeException('could not start ' . $command[0]);
        }
        $this->processes[] = $process;
    }

    private static function freePort(): int
    {
        $server = stream_socket_server('tcp://127.0.0.1:0', $errno, $error);
        if ($server === false) {
            throw new \RuntimeException("no free port: $error");
        }
        $name = (string) stream_socket_get_name($server, false);
        fclose($server);
        return (int) substr($name, strrpos($name, ':') + 1);
    }

    private static function waitForPort(int $port): void
    {
        $until = microtime(true) + 15;
        while (microtime(true) < $until) {
            $socket = @stream_socket_client("tcp://127.0.0.1:$port", $errno, $error, 0.2);
            if ($socket !== false) {
                fclose($socket);
                return;
            }
            usleep(100_000);
        }
        throw new \RuntimeException("nothing listens on 127.0.0.1:$port");
    }

    /** The ispapi_core extension this test process runs with, for the page server. */
    private static function loadedExtension(): string
    {
        $repo = \dirname(__DIR__, 3);
        $built = "$repo/target/release/libispapi_core_php.so";
        return \extension_loaded('ispapi_core') && is_file($built) ? $built : '';
    }
}
