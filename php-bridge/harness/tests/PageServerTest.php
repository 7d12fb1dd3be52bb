<?php

declare(strict_types=1);

namespace Harness\Tests;

use Harness\Addons;
use Harness\Seed;

/**
 * Runs the admin page server (PHP's built-in server with server/router.php) on a free loopback
 * port against the test's root, and talks to it with curl as a browser would.
 */
final class PageServerTest extends HarnessTestCase
{
    /** @var resource|null */
    private $server = null;
    private string $base = '';
    private string $cookies = '';

    protected function setUp(): void
    {
        parent::setUp();
        Seed::registrar('sampleregistrar', ['Username' => 'reseller', 'Password' => 'Secret#42']);
        $client = Seed::client();
        Seed::domain($client, 'example.com', ['registrar' => 'sampleregistrar']);
        Seed::domain($client, '<script>x</script>.com', ['registrar' => 'sampleregistrar']);
        Addons::activate('sampleaddon');
        $this->cookies = $this->dir . '/cookies.txt';
        $this->startServer();
    }

    protected function tearDown(): void
    {
        if (is_resource($this->server)) {
            proc_terminate($this->server);
            proc_close($this->server);
        }
        parent::tearDown();
    }

    public function testTheDashboardNeedsALoginAndShowsTheWidgetsWithLocalJquery(): void
    {
        [$status, , $headers] = $this->request('GET', '/admin/index.php');
        self::assertSame(303, $status);
        self::assertStringContainsString('location: login.php', strtolower($headers));
        self::assertSame(401, $this->request('POST', '/admin/login.php', ['username' => 'admin', 'password' => 'wrong'])[0]);
        $this->login();
        [$status, $body] = $this->request('GET', '/admin/index.php');
        self::assertSame(200, $status);
        self::assertStringContainsString('<script src="/assets/jquery.min.js"></script>', $body);
        self::assertStringContainsString('data-widget="SampleDomains"', $body);
        self::assertStringContainsString('data-widget="HarnessBillingWidget"', $body);
        self::assertStringContainsString('<li>&lt;script&gt;x&lt;/script&gt;.com</li>', $body);
        self::assertStringNotContainsString('<script>x</script>', $body);
        self::assertStringContainsString('id="sampleregistrar-footer"', $body, 'AdminAreaFooterOutput hook output');
        [$status, $jquery] = $this->request('GET', '/assets/jquery.min.js');
        self::assertSame(200, $status);
        self::assertStringContainsString('jQuery', $jquery);
        self::assertStringContainsString('getAdminRouteUrl', $this->request('GET', '/assets/harness.js')[1]);
    }

    public function testAdminPagesLoadDebiansBootstrap3(): void
    {
        $this->login();
        foreach (['/admin/index.php', '/admin/configregistrars.php', '/admin/configaddonmods.php'] as $page) {
            $body = $this->request('GET', $page)[1];
            self::assertStringContainsString('<link href="/assets/bootstrap/css/bootstrap.min.css" rel="stylesheet">', $body, $page);
            self::assertStringContainsString('<script src="/assets/bootstrap/js/bootstrap.min.js"></script>', $body, $page);
            self::assertStringContainsString('class="navbar navbar-inverse navbar-static-top"', $body, $page);
        }
        [$status, $css, $headers] = $this->request('GET', '/assets/bootstrap/css/bootstrap.min.css');
        self::assertSame(200, $status);
        self::assertStringContainsString('content-type: text/css', strtolower($headers));
        self::assertStringContainsString('Bootstrap v3.', $css);
        self::assertStringContainsString("Bootstrap's JavaScript requires jQuery", $this->request('GET', '/assets/bootstrap/js/bootstrap.min.js')[1]);
        [$status, , $headers] = $this->request('GET', '/assets/bootstrap/fonts/glyphicons-halflings-regular.woff2');
        self::assertSame(200, $status, 'the Glyphicons the stylesheet names');
        self::assertStringContainsString('content-type: font/woff2', strtolower($headers));
        self::assertStringContainsString('.widget-content-padded', $this->request('GET', '/assets/admin.css')[1]);
        self::assertSame(404, $this->request('GET', '/assets/bootstrap/less/variables.less')[0], 'only the listed files');
        // Widgets sit in the grid's cells, a panel each, as wide as their $columns (of three).
        $dashboard = $this->request('GET', '/admin/index.php')[1];
        self::assertStringContainsString('<div class="col-sm-12 col-md-8 widget-cell"><div class="panel panel-default widget-sampledomains"', $dashboard);
        self::assertStringContainsString('<div class="col-sm-6 col-md-4 widget-cell"><div class="panel panel-default widget-harnesscachedwidget"', $dashboard);
    }

    public function testAWidgetRefreshAnswersJsonAndNeedsTheToken(): void
    {
        $token = $this->login();
        $url = '/admin/index.php?rp=/admin/widget/refresh&widget=SampleDomains&refresh=1';
        [$status, $body] = $this->request('POST', $url, ['token' => $token]);
        self::assertSame(200, $status);
        $json = json_decode($body, true, 512, JSON_THROW_ON_ERROR);
        self::assertTrue($json['success']);
        self::assertStringContainsString('data-state="refreshed"', $json['widgetOutput']);
        self::assertSame(403, $this->request('POST', $url, [])[0]);
        self::assertSame(403, $this->request('POST', $url, ['token' => 'forged'])[0]);
        self::assertSame(404, $this->request('POST', '/admin/index.php?rp=/admin/widget/refresh&widget=Nope', ['token' => $token])[0]);
    }

    public function testRegistrarSettingsAreSavedEncryptedAndOnlyWithTheToken(): void
    {
        $token = $this->login();
        [$status, $page] = $this->request('GET', '/admin/configregistrars.php');
        self::assertSame(200, $status);
        self::assertStringContainsString('name="Username" value="reseller"', $page);
        self::assertStringNotContainsString('Secret#42', $page);
        self::assertStringContainsString('Use the &lt;test&gt; system', $page);

        $save = '/admin/configregistrars.php?action=save&module=sampleregistrar';
        self::assertSame(403, $this->request('POST', $save, ['Username' => 'attacker', 'Password' => 'x'])[0]);
        self::assertSame('reseller', getRegistrarConfigOptions('sampleregistrar')['Username']);

        self::assertSame(303, $this->request('POST', $save, ['token' => $token, 'Username' => 'reseller2', 'Password' => '', 'TestMode' => 'on'])[0]);
        self::assertSame(['Username' => 'reseller2', 'Password' => 'Secret#42', 'TestMode' => 'on'], getRegistrarConfigOptions('sampleregistrar'));
        $this->request('POST', $save, ['token' => $token, 'Username' => 'reseller2', 'Password' => 'N3w!']);
        self::assertSame(['Username' => 'reseller2', 'Password' => 'N3w!', 'TestMode' => ''], getRegistrarConfigOptions('sampleregistrar'));
    }

    public function testAnAddonPageRunsItsOutputFunctionAndPostsNeedTheToken(): void
    {
        $token = $this->login();
        [$status, $body] = $this->request('GET', '/admin/addonmodules.php?module=sampleaddon');
        self::assertSame(200, $status);
        self::assertStringContainsString('<p class="greeting">Hello &lt;admin&gt;</p>', $body);
        self::assertSame(403, $this->request('POST', '/admin/addonmodules.php?module=sampleaddon', ['note' => 'forged'])[0]);
        self::assertSame(200, $this->request('POST', '/admin/addonmodules.php?module=sampleaddon', ['token' => $token, 'note' => '<b>n</b>'])[0]);
        $body = $this->request('GET', '/admin/addonmodules.php?module=sampleaddon')[1];
        self::assertStringContainsString('<ul class="notes"><li>&lt;b&gt;n&lt;/b&gt;</li></ul>', $body);
        self::assertSame(403, $this->request('GET', '/admin/addonmodules.php?module=nosuchaddon')[0]);
    }

    /** Logs in as the seeded admin and returns the session's CSRF token. */
    private function login(): string
    {
        [$status] = $this->request('POST', '/admin/login.php', ['username' => 'admin', 'password' => 'harness-admin']);
        self::assertSame(303, $status);
        $body = $this->request('GET', '/admin/index.php')[1];
        self::assertSame(1, preg_match('/var csrfToken = "([0-9a-f]{40})"/', $body, $m));
        return $m[1];
    }

    /**
     * @param array<string, string>|null $fields
     * @return array{int, string, string} status, body, headers
     */
    private function request(string $method, string $path, ?array $fields = null): array
    {
        $curl = curl_init($this->base . $path);
        curl_setopt_array($curl, [
            CURLOPT_RETURNTRANSFER => true,
            CURLOPT_HEADER => true,
            CURLOPT_COOKIEJAR => $this->cookies,
            CURLOPT_COOKIEFILE => $this->cookies,
            CURLOPT_TIMEOUT => 20,
        ]);
        if ($method === 'POST') {
            curl_setopt($curl, CURLOPT_POST, true);
            curl_setopt($curl, CURLOPT_POSTFIELDS, http_build_query($fields ?? []));
        }
        $raw = curl_exec($curl);
        self::assertIsString($raw, curl_error($curl));
        $headerSize = curl_getinfo($curl, CURLINFO_HEADER_SIZE);
        $status = curl_getinfo($curl, CURLINFO_RESPONSE_CODE);
        curl_close($curl);
        return [$status, substr($raw, $headerSize), substr($raw, 0, $headerSize)];
    }

    private function startServer(): void
    {
        $probe = stream_socket_server('tcp://127.0.0.1:0', $errno, $error);
        self::assertNotFalse($probe, $error);
        $address = stream_socket_get_name($probe, false);
        fclose($probe);
        $this->base = 'http://' . $address;
        $log = $this->dir . '/server.log';
        $this->server = proc_open(
            [PHP_BINARY, '-S', $address, dirname(__DIR__) . '/server/router.php'],
            [0 => ['file', '/dev/null', 'r'], 1 => ['file', $log, 'a'], 2 => ['file', $log, 'a']],
            $pipes,
            $this->dir,
            ['HARNESS_ROOT' => $this->dir, 'PATH' => (string) getenv('PATH')]
        );
        self::assertIsResource($this->server);
        for ($i = 0; $i < 100; $i++) {
            $socket = @fsockopen('127.0.0.1', (int) substr($address, strrpos($address, ':') + 1), $errno, $error, 0.1);
            if ($socket !== false) {
                fclose($socket);
                return;
            }
            usleep(50000);
        }
        self::fail('The page server did not start: ' . file_get_contents($log));
    }
}
