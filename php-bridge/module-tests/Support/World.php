<?php

declare(strict_types=1);

namespace IspapiCore\ModuleTests\Support;

use Harness\Params;
use Harness\Root;
use Harness\Seed;
use Harness\Whmcs;

/**
 * One WHMCS harness root with our modules installed (copied from `scripts/assemble`'s output,
 * as an admin would) and the registrar set up against one simulator. PHP includes a module
 * file once per process, so the whole test run shares this world; tests use their own domains.
 */
final class World
{
    private static ?self $world = null;
    public readonly Simulator $simulator;
    public readonly int $clientId;
    public readonly string $dir;

    /** The demo account of fixtures/simulator/demo.json. */
    public readonly array $account;

    private function __construct()
    {
        $repo = \dirname(__DIR__, 3);
        $this->dir = sys_get_temp_dir() . '/ispapi-module-tests-' . getmypid();
        exec('rm -rf ' . escapeshellarg($this->dir));
        mkdir($this->dir, 0700, true);
        exec(escapeshellarg("$repo/scripts/assemble") . ' ' . escapeshellarg("$this->dir/release") . ' 2>&1', $out, $status);
        if ($status !== 0) {
            throw new \RuntimeException('scripts/assemble failed: ' . implode("\n", $out));
        }
        $this->simulator = Simulator::start($this->dir);
        $demo = json_decode((string) file_get_contents("$repo/fixtures/simulator/demo.json"), true, 512, JSON_THROW_ON_ERROR);
        $this->account = $demo['accounts'][0];

        Root::create("$this->dir/whmcs");
        Root::installModules("$this->dir/release/modules");
        Seed::currencies();
        Seed::admin();
        $this->clientId = Seed::client();
        $this->useApi('ISPAPI');
        register_shutdown_function(fn () => exec('rm -rf ' . escapeshellarg($this->dir)));
    }

    public static function get(): self
    {
        return self::$world ??= new self();
    }

    /** Saves the registrar settings as the admin would, pointing at the simulator. */
    public function useApi(string $api, array $overrides = []): void
    {
        Seed::registrar('ispapi', $overrides + [
            'API' => $api,
            'Username' => $this->account['login'],
            'Password' => $this->account['password'],
            'TestMode' => 'on',
            'ApiUrl' => $api === 'CNR' ? $this->simulator->cnrUrl() : $this->simulator->ispapiUrl(),
            // The simulator listens on loopback without TLS.
            'AllowPlainHttp' => 'on',
            'DefaultRegistrarLock' => 'on',
            'TransferCheck' => 'on',
        ]);
    }

    /** A domain row of this registrar for the test client. */
    public function domain(string $name, array $columns = []): int
    {
        return Seed::domain($this->clientId, $name, $columns);
    }

    /** Calls ispapi_<Function>() as WHMCS does, with the params WHMCS would build. */
    public function call(string $function, int $domainId, array $extra = []): mixed
    {
        $params = Params::forFunction($function, $domainId, 'ispapi', $extra);
        return Whmcs::callRegistrar($function, $params);
    }

    /**
     * Posts a client-area page's form (`ispapi[…]`) as the browser does, with the session's
     * CSRF token unless another is given, and returns what ispapi_<page>() answered.
     *
     * @param array<string, mixed> $form
     * @return array<string, mixed>
     */
    public function postPage(string $page, int $domainId, array $form, ?string $token = null): array
    {
        \Harness\AdminSession::login('admin', 'harness-admin');
        $_SERVER['REQUEST_METHOD'] = 'POST';
        $_POST = ['token' => $token ?? generate_token('plain'), 'ispapi' => $form];
        try {
            return $this->call($page, $domainId);
        } finally {
            $_SERVER['REQUEST_METHOD'] = 'GET';
            $_POST = [];
        }
    }

    /** A domain name no other test uses. */
    public static function unique(string $tld = 'com'): string
    {
        static $n = 0;
        $n++;
        return 'mt-' . getmypid() . '-' . $n . '-' . bin2hex(random_bytes(3)) . '.' . $tld;
    }
}
