<?php

declare(strict_types=1);

namespace IspapiCore\ModuleTests;

use Harness\AdminSession;
use Harness\Seed;
use Harness\TokenRefused;
use IspapiCore\ModuleTests\Support\Dashboard;
use IspapiCore\ModuleTests\Support\World;
use IspapiCore\Core;
use IspapiCore\Monitoring;
use IspapiCore\VersionCheck;
use PHPUnit\Framework\TestCase;
use WHMCS\Config\Setting;
use WHMCS\Database\Capsule;

/**
 * The dashboard widgets installed into the harness, against the simulator: the monitoring
 * widget's cases, dialog, fixes (in batches, stopped and resumed), CSV, token and permission
 * checks; the account widget's figures, cache and messages.
 */
final class WidgetTest extends TestCase
{
    private World $world;
    private Dashboard $dash;

    /** @var array{process: resource, dir: string, port: int}|null the release manifest's server */
    private static ?array $manifests = null;

    public static function tearDownAfterClass(): void
    {
        if (self::$manifests !== null) {
            proc_terminate(self::$manifests['process']);
            proc_close(self::$manifests['process']);
            exec('rm -rf ' . escapeshellarg(self::$manifests['dir']));
            self::$manifests = null;
        }
    }

    protected function setUp(): void
    {
        $this->world = World::get();
        $this->world->useApi('ISPAPI');
        $this->world->simulator->control(['reset' => true]);
        $this->dash = new Dashboard($this->world);
        $this->dash->parkWhmcsDomains();
        $this->dash->loginAdmin();
    }

    /** @return list<string> command names the simulator received since the last reset */
    private function sent(string $command = ''): array
    {
        $all = [];
        foreach ($this->world->simulator->received() as $text) {
            preg_match('/^COMMAND=(\S+)/m', $text, $m);
            if ($command === '' || ($m[1] ?? '') === $command) {
                $all[] = $command === '' ? ($m[1] ?? '?') : $text;
            }
        }
        return $all;
    }

    /**
     * The monitoring widget's output for a request with this method, as the dashboard page
     * (GET index.php?…, e.g. an image in a ticket the admin opens) or another client sends it.
     */
    private function requestAs(string $method, array $params): string
    {
        $saved = [$_GET, $_POST, $_REQUEST, $_SERVER['REQUEST_METHOD'] ?? null];
        [$_GET, $_POST, $_REQUEST] = $method === 'POST' ? [[], $params, $params] : [$params, [], $params];
        $_SERVER['REQUEST_METHOD'] = $method;
        try {
            return (string) $this->dash->widget(Dashboard::MONITORING)->render($method === 'POST');
        } finally {
            [$_GET, $_POST, $_REQUEST, $_SERVER['REQUEST_METHOD']] = $saved;
        }
    }

    /** @return array<string, int> case id => count, as the widget shows them */
    private function shownCases(string $html): array
    {
        preg_match_all('~data-case="([a-z_]+)".*?<b class="ispapi-monitoring-count">(\d+)</b>~s', $html, $m, PREG_SET_ORDER);
        $cases = [];
        foreach ($m as [, $id, $count]) {
            $cases[$id] = (int) $count;
        }
        return $cases;
    }

    public function testEveryCaseIsShownWithItsCount(): void
    {
        $this->dash->seedEveryCase();
        $this->world->simulator->control(['clear_log' => true]);
        $html = $this->dash->render(Dashboard::MONITORING);
        $this->assertSame([
            'id_protection' => 2,
            'transfer_lock' => 3,
            'migration_notes' => 2,
            'premium_renewal_cost' => 1,
            'premium_at_registrar' => 1,
        ], $this->shownCases($html), $html);
        $this->assertStringContainsString('domains have no transfer lock', $html);
        $this->assertStringContainsString('premium domain has no renewal cost price in WHMCS', $html);
        $this->assertStringNotContainsString('No issues detected.', $html);
        // The lists were asked for as the original widget did, one page at a time.
        $lists = $this->sent('QueryDomainList');
        $this->assertCount(3, $lists);
        foreach ($lists as $text) {
            $this->assertStringContainsString("USERDEPTH=SELF\nUNIQUE=1\nVERSION=2\nORDERBY=OBJECTID\nFIRST=0\nLIMIT=1000", $text);
        }
    }

    public function testAllInStepShowsNoIssues(): void
    {
        $this->world->domain('all-fine-' . bin2hex(random_bytes(3)) . '.com');
        $html = $this->dash->render(Dashboard::MONITORING);
        $this->assertStringContainsString('No issues detected.', $html);
        $this->assertSame([], $this->shownCases($html));
        // Which way PHP runs the core (these tests load the extension).
        $this->assertStringContainsString('<span class="ispapi-monitoring-runtime">runs through PHP extension</span>', $html);
    }

    public function testTheCheckIsKeptUntilRefreshed(): void
    {
        $this->dash->seedEveryCase();
        $this->dash->render(Dashboard::MONITORING);
        $this->world->simulator->control(['clear_log' => true]);
        $this->dash->render(Dashboard::MONITORING);
        $this->assertSame([], $this->sent(), 'a second load within the cache time asks the API nothing');
        $this->dash->render(Dashboard::MONITORING, ['refresh' => '1', 'token' => AdminSession::token()]);
        $this->assertCount(3, $this->sent('QueryDomainList'), 'Refresh asks again');
    }

    public function testOnlyATokenCheckedPostChecksAgain(): void
    {
        $this->dash->seedEveryCase();
        $this->dash->render(Dashboard::MONITORING);
        $this->world->simulator->control(['clear_log' => true]);
        // <img src="…/admin/index.php?refresh=1"> in a ticket the admin opens.
        $html = $this->requestAs('GET', ['refresh' => '1']);
        $this->assertSame([], $this->world->simulator->receivedCommands(), 'a GET forces no new check');
        $this->assertCount(5, $this->shownCases($html), 'the kept check is shown');
        try {
            $this->requestAs('POST', ['refresh' => '1']);
            $this->fail('a POST without the token was answered');
        } catch (TokenRefused) {
        }
        $this->assertSame([], $this->world->simulator->receivedCommands(), 'a POST without the token forces no new check');
        $this->requestAs('POST', ['refresh' => '1', 'token' => AdminSession::token()]);
        $this->assertCount(3, $this->sent('QueryDomainList'), 'the panel\'s Refresh (POST with the token) checks anew');
    }

    public function testActionsAnswerOnlyPost(): void
    {
        $this->dash->seedEveryCase();
        $this->dash->render(Dashboard::MONITORING);
        foreach (['GET', 'HEAD', 'PUT'] as $method) {
            foreach ([['monitoring' => 'start', 'case' => 'transfer_lock'], ['monitoring' => 'status', 'value' => '0'],
                ['monitoring' => 'details', 'case' => 'transfer_lock']] as $params) {
                // Even with the right token (a token can leak through a URL or a Referer).
                $out = json_decode($this->requestAs($method, $params + ['token' => AdminSession::token()]), true);
                $this->assertSame(['error' => 'This action needs a POST request.'], $out, "$method " . json_encode($params));
            }
        }
        $this->assertSame(0, Capsule::table(Monitoring::JOBS)->count(), 'no fix was started');
        $this->assertNotSame('0', Setting::getValue('IspapiMonitoringWidgetstatus'), 'the monitoring was not switched off');
        $this->assertArrayHasKey('job', $this->dash->action(['monitoring' => 'start', 'case' => 'transfer_lock']), 'POST works');
    }

    public function testDetailsListTheDomainsAsText(): void
    {
        $this->dash->seedEveryCase();
        $details = $this->dash->action(['monitoring' => 'details', 'case' => 'migration_notes']);
        $this->assertSame('2 domains have notes left by the migration tool', $details['title']);
        $this->assertStringContainsString('<li>' . htmlspecialchars(Dashboard::HOSTILE, ENT_QUOTES) . '</li>', $details['html']);
        $this->assertStringNotContainsString('<img', $details['html']);
        $this->assertStringContainsString('INIT_TRANSFER_SUCCESS or INIT_TRANSFER_FAIL', $details['html']);
        $this->assertTrue($details['can_fix']);
        $this->assertNull($details['job']);
    }

    public function testFixingTheTransferLockLocksEachDomainOnce(): void
    {
        $names = $this->dash->seedEveryCase()['transfer_lock'];
        $this->dash->render(Dashboard::MONITORING);
        $this->world->simulator->control(['clear_log' => true]);
        $job = $this->dash->fixCase('transfer_lock');
        $this->assertTrue($job['finished'], json_encode($job));
        $this->assertSame([3, 0, 100], [$job['fixed'], $job['failed'], $job['percent']]);
        $this->assertCount(3, $this->sent('ModifyDomain'));
        foreach ($names as $name) {
            $this->assertSame('1', $this->dash->api(['COMMAND' => 'StatusDomain', 'DOMAIN' => $name])['properties']['TRANSFERLOCK'][0]);
        }
        $html = $this->dash->render(Dashboard::MONITORING);
        $this->assertArrayNotHasKey('transfer_lock', $this->shownCases($html), 'the case is gone after the fix');
    }

    public function testAFailedRequestResumesWhereItStoppedAndFixesNothingTwice(): void
    {
        $names = $this->dash->seedEveryCase()['transfer_lock'];
        $this->dash->render(Dashboard::MONITORING);
        $this->world->simulator->control(['clear_log' => true]);
        // The second ModifyDomain gets no reply: the batch stops with one item fixed.
        $this->world->simulator->control(['fault' => 'close', 'times' => 1, 'command' => 'ModifyDomain', 'after' => 1]);
        $job = $this->dash->action(['monitoring' => 'start', 'case' => 'transfer_lock'])['job'];
        $first = $this->dash->action(['monitoring' => 'batch', 'job' => $job['id']]);
        $this->assertTrue($first['stopped']);
        $this->assertFalse($first['finished']);
        $this->assertSame(1, $first['fixed']);
        $this->assertSame(33, $first['percent']);
        $this->assertNotNull(Monitoring::openJob('transfer_lock'), 'the job waits to be resumed');
        $this->assertStringContainsString('fix stopped at 33 %', $this->dash->render(Dashboard::MONITORING));

        // "Resume" (a new page, the same job): the interrupted item is checked first.
        $this->world->simulator->control(['clear_log' => true]);
        $again = $this->dash->action(['monitoring' => 'start', 'case' => 'transfer_lock'])['job'];
        $this->assertSame($job['id'], $again['id']);
        $done = $this->dash->action(['monitoring' => 'batch', 'job' => $job['id']]);
        $this->assertTrue($done['finished'], json_encode($done));
        $this->assertSame(['StatusDomain', 'ModifyDomain', 'ModifyDomain'], $this->sent());
        $modified = array_map(static fn (string $t): string => preg_replace('/.*DOMAIN=(\S+).*/s', '$1', $t), $this->sent('ModifyDomain'));
        $this->assertNotContains($names[0], $modified, 'the domain fixed before is not fixed again');
    }

    public function testAnItemWhoseResultWasLostIsCheckedNotFixedAgain(): void
    {
        $names = $this->dash->seedEveryCase()['transfer_lock'];
        $this->dash->render(Dashboard::MONITORING);
        $job = $this->dash->action(['monitoring' => 'start', 'case' => 'transfer_lock'])['job'];
        // A batch died after locking the first domain at the registrar, before recording it.
        $this->dash->api(['COMMAND' => 'ModifyDomain', 'DOMAIN' => $names[0], 'TRANSFERLOCK' => 1]);
        Capsule::table(Monitoring::ITEMS)->where('job_id', $job['id'])->where('seq', 0)->update(['status' => 'claimed']);
        $this->world->simulator->control(['clear_log' => true]);
        $done = $this->dash->action(['monitoring' => 'batch', 'job' => $job['id']]);
        $this->assertSame(3, $done['fixed']);
        $this->assertSame(['StatusDomain', 'ModifyDomain', 'ModifyDomain'], $this->sent());
        $csv = $this->dash->action(['monitoring' => 'csv', 'case' => 'transfer_lock', 'job' => (string) $job['id']]);
        $this->assertStringContainsString("$names[0]\ttransfer_lock\ttransfer lock off at the registrar\ttransfer lock on at the registrar\tOK\talready fixed", $csv['text']);
    }

    public function testAWorkerKilledInTheMiddleOfABatchLosesNothingOnResume(): void
    {
        $names = $this->dash->apiNames(['TRANSFERLOCK' => 0, 'X-ACCEPT-WHOISTRUSTEE-TAC' => 0], 12);
        $this->assertCount(12, $names);
        foreach ($names as $name) {
            $this->world->domain($name);
        }
        $this->dash->render(Dashboard::MONITORING);
        $job = $this->dash->action(['monitoring' => 'start', 'case' => 'transfer_lock'])['job'];
        $this->assertSame(12, $job['total']);
        // Each lock takes the API a while; the worker (another PHP process, as a web request)
        // is killed with SIGKILL while its fourth ModifyDomain is at the API.
        $this->world->simulator->control(['clear_log' => true, 'fault' => 'slow', 'delay_ms' => 300, 'command' => 'ModifyDomain', 'times' => 1000]);
        $worker = proc_open([PHP_BINARY, '-d', 'extension=' . \dirname(__DIR__, 2) . '/target/release/libispapi_core_php.so',
            __DIR__ . '/Support/admin.php', $this->world->dir . '/whmcs', 'batch', (string) $job['id']],
            [1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
        $this->assertIsResource($worker);
        $deadline = microtime(true) + 60;
        while (\count($this->sent('ModifyDomain')) < 4 && microtime(true) < $deadline) {
            usleep(20_000);
        }
        $this->assertGreaterThanOrEqual(4, \count($this->sent('ModifyDomain')), 'the worker got going');
        proc_terminate($worker, 9);
        proc_close($worker);
        usleep(400_000); // the API finishes the command it was given
        $before = $this->world->simulator->received();

        // What the killed request left: a job held by its lease, items claimed, none recorded.
        $this->assertSame(0, Capsule::table(Monitoring::ITEMS)->where('job_id', $job['id'])->where('status', 'fixed')->count());
        $this->assertGreaterThan(0, Capsule::table(Monitoring::ITEMS)->where('job_id', $job['id'])->where('status', 'claimed')->count());
        $busy = $this->dash->action(['monitoring' => 'batch', 'job' => $job['id']]);
        $this->assertTrue($busy['busy'], 'the lease keeps a second request out while the first may still run');

        // The lease runs out (60 s; moved here instead of waiting); the admin resumes.
        Capsule::table(Monitoring::JOBS)->where('id', $job['id'])->update(['lease_until' => time() - 1]);
        $this->world->simulator->control(['reset' => true]);
        $again = $this->dash->action(['monitoring' => 'start', 'case' => 'transfer_lock'])['job'];
        $this->assertSame($job['id'], $again['id'], 'the same job resumes');
        $done = $again;
        for ($i = 0; $i < 20 && !$done['finished']; $i++) {
            $done = $this->dash->action(['monitoring' => 'batch', 'job' => $job['id']]);
        }
        $this->assertTrue($done['finished'], json_encode($done));
        $this->assertSame([12, 0], [$done['fixed'], $done['failed']]);

        // Every domain locked at the registrar, each by exactly one ModifyDomain over both runs.
        $modified = [];
        foreach (array_merge($before, $this->world->simulator->received()) as $text) {
            if (str_starts_with($text, 'COMMAND=ModifyDomain') && preg_match('/^DOMAIN=(\S+)$/m', $text, $m)) {
                $modified[$m[1]] = ($modified[$m[1]] ?? 0) + 1;
            }
        }
        foreach ($names as $name) {
            $this->assertSame(1, $modified[$name] ?? 0, "$name locked once");
            $this->assertSame('1', $this->dash->api(['COMMAND' => 'StatusDomain', 'DOMAIN' => $name])['properties']['TRANSFERLOCK'][0]);
        }
    }

    public function testTwoRequestsNeverRunOneJobAtOnce(): void
    {
        $this->dash->seedEveryCase();
        $this->dash->render(Dashboard::MONITORING);
        $job = $this->dash->action(['monitoring' => 'start', 'case' => 'transfer_lock'])['job'];
        Capsule::table(Monitoring::JOBS)->where('id', $job['id'])->update(['lease_until' => time() + 30]);
        $busy = $this->dash->action(['monitoring' => 'batch', 'job' => $job['id']]);
        $this->assertTrue($busy['busy']);
        $this->assertSame(0, $busy['done']);
    }

    public function testIdProtectionIsTurnedOffAtTheRegistrar(): void
    {
        $names = $this->dash->seedEveryCase()['id_protection'];
        $this->dash->render(Dashboard::MONITORING);
        $job = $this->dash->fixCase('id_protection');
        $this->assertSame(2, $job['fixed']);
        foreach ($names as $name) {
            $status = $this->dash->api(['COMMAND' => 'StatusDomain', 'DOMAIN' => $name]);
            $this->assertSame('0', $status['properties']['X-ACCEPT-WHOISTRUSTEE-TAC'][0]);
        }
    }

    public function testMigrationNotesAreCleared(): void
    {
        $names = $this->dash->seedEveryCase()['migration_notes'];
        $this->dash->render(Dashboard::MONITORING);
        $this->world->simulator->control(['clear_log' => true]);
        $job = $this->dash->fixCase('migration_notes');
        $this->assertSame(2, $job['fixed']);
        $this->assertSame([], $this->sent(), 'a WHMCS-only fix sends nothing');
        $notes = Capsule::table('tbldomains')->where('status', 'Active')->whereIn('domain', $names)->pluck('additionalnotes')->all();
        $this->assertSame(['', ''], $notes);
    }

    public function testPremiumFixesStoreTheRegistrarsPrices(): void
    {
        $this->dash->seedEveryCase();
        $this->dash->render(Dashboard::MONITORING);
        $this->assertSame(1, $this->dash->fixCase('premium_renewal_cost')['fixed']);
        $this->assertSame(1, $this->dash->fixCase('premium_at_registrar')['fixed']);
        $usd = (int) Capsule::table('tblcurrencies')->where('code', 'USD')->value('id');
        $extras = static function (string $name): array {
            $id = Capsule::table('tbldomains')->where('domain', $name)->where('status', 'Active')->value('id');
            return Capsule::table('tbldomains_extra')->where('domain_id', $id)->orderBy('name')->pluck('value', 'name')->all();
        };
        $this->assertEquals(
            ['registrarCostPrice' => '990.00', 'registrarCurrency' => (string) $usd, 'registrarRenewalCostPrice' => '990.00'],
            $extras('crypto.io')
        );
        $this->assertEquals(
            ['registrarCostPrice' => '450.00', 'registrarCurrency' => (string) $usd, 'registrarRenewalCostPrice' => '450.00'],
            $extras('vip.ai')
        );
        $this->assertSame(1, (int) Capsule::table('tbldomains')->where('domain', 'vip.ai')->where('status', 'Active')->value('is_premium'));
    }

    public function testTheCsvListsTheItemsThenTheirResults(): void
    {
        $names = $this->dash->seedEveryCase()['id_protection'];
        $this->dash->render(Dashboard::MONITORING);
        $before = $this->dash->action(['monitoring' => 'csv', 'case' => 'id_protection']);
        $this->assertSame('ispapi-monitoring-id_protection-items.csv', $before['filename']);
        $lines = explode("\r\n", trim($before['text']));
        $this->assertSame("domain\tcase\tbefore", $lines[0]);
        $this->assertSame("$names[0]\tid_protection\tID Protection on at the registrar, off in WHMCS", $lines[1]);
        $job = $this->dash->fixCase('id_protection');
        $after = $this->dash->action(['monitoring' => 'csv', 'case' => 'id_protection', 'job' => (string) $job['id']]);
        $lines = explode("\r\n", trim($after['text']));
        $this->assertSame("domain\tcase\tbefore\tafter\tresult\tmessage", $lines[0]);
        $this->assertCount(3, $lines);
        $this->assertSame(
            [$names[0], 'id_protection', 'ID Protection on at the registrar, off in WHMCS', 'ID Protection off at the registrar', 'OK', '200 Command completed successfully'],
            explode("\t", $lines[1])
        );
    }

    public function testAnActionWithoutTheTokenIsRefused(): void
    {
        $this->dash->seedEveryCase();
        $this->expectException(TokenRefused::class);
        $this->dash->action(['monitoring' => 'start', 'case' => 'transfer_lock'], token: false);
    }

    public function testAReadOnlyAdminSeesTheCasesButCannotFix(): void
    {
        $this->dash->seedEveryCase();
        $this->dash->loginReadOnlyAdmin();
        $html = $this->dash->render(Dashboard::MONITORING);
        $this->assertCount(5, $this->shownCases($html));
        $this->assertStringNotContainsString('data-monitoring-status', $html, 'no on/off switch');
        $details = $this->dash->action(['monitoring' => 'details', 'case' => 'transfer_lock']);
        $this->assertFalse($details['can_fix']);
        foreach ([['monitoring' => 'start', 'case' => 'transfer_lock'], ['monitoring' => 'status', 'value' => '0']] as $request) {
            $refused = $this->dash->action($request);
            $this->assertStringContainsString('may view the monitoring but not fix', $refused['error']);
        }
        $this->assertSame(0, Capsule::table(Monitoring::JOBS)->where('case_id', 'transfer_lock')->where('state', 'running')->count());
    }

    public function testTheMonitoringCanBeSwitchedOffAndOn(): void
    {
        $this->dash->seedEveryCase();
        $this->assertSame(['success' => true, 'status' => 0], $this->dash->action(['monitoring' => 'status', 'value' => '0']));
        $this->world->simulator->control(['clear_log' => true]);
        $off = $this->dash->render(Dashboard::MONITORING);
        $this->assertStringContainsString('The monitoring is switched off.', $off);
        $this->assertSame([], $this->sent(), 'switched off, it asks the API nothing');
        $this->assertSame('0', Setting::getValue('IspapiMonitoringWidgetstatus'));
        $this->dash->action(['monitoring' => 'status', 'value' => '1']);
        $this->assertCount(5, $this->shownCases($this->dash->render(Dashboard::MONITORING)));
    }

    /**
     * CNR lists its premium domains with QueryRegisteredPremiumDomainList and prices them by the
     * fee extension, so both premium cases work as on ISPAPI (the assertions of
     * testPremiumFixesStoreTheRegistrarsPrices); its domain list can neither filter nor show ID
     * protection or the transfer lock, so those two stay off with the reason.
     */
    public function testACnrAccountShowsAndFixesThePremiumCases(): void
    {
        $this->dash->seedEveryCase();
        $this->world->useApi('CNR');
        $this->world->simulator->control(['clear_log' => true]);
        $html = $this->dash->render(Dashboard::MONITORING, ['refresh' => '1', 'token' => AdminSession::token()]);
        $this->assertSame(
            ['migration_notes' => 2, 'premium_renewal_cost' => 1, 'premium_at_registrar' => 1],
            $this->shownCases($html),
            $html
        );
        $this->assertStringContainsString('premium domain has no renewal cost price in WHMCS', $html);
        $this->assertStringContainsString('standard domain in WHMCS is premium at the registrar', $html);
        foreach (['transfer_lock' => 'TRANSFERLOCK', 'id_protection' => 'X-WHOIS-PRIVACY'] as $case => $property) {
            $this->assertMatchesRegularExpression(
                "~$case: not available for CentralNic Reseller \\(CNR\\) accounts: [^<]*only StatusDomain reads $property~",
                $html
            );
        }
        $this->assertCount(1, $this->sent('QueryRegisteredPremiumDomainList'));
        $this->assertSame([], $this->sent('QueryDomainList'), 'no ISPAPI list filters on CNR');

        $this->world->simulator->control(['clear_log' => true]);
        $this->assertSame(1, $this->dash->fixCase('premium_renewal_cost')['fixed']);
        $this->assertSame(1, $this->dash->fixCase('premium_at_registrar')['fixed']);
        $usd = (int) Capsule::table('tblcurrencies')->where('code', 'USD')->value('id');
        $extras = static function (string $name): array {
            $id = Capsule::table('tbldomains')->where('domain', $name)->where('status', 'Active')->value('id');
            return Capsule::table('tbldomains_extra')->where('domain_id', $id)->orderBy('name')->pluck('value', 'name')->all();
        };
        $this->assertEquals(
            ['registrarCostPrice' => '990.00', 'registrarCurrency' => (string) $usd, 'registrarRenewalCostPrice' => '990.00'],
            $extras('crypto.io')
        );
        $this->assertEquals(
            ['registrarCostPrice' => '450.00', 'registrarCurrency' => (string) $usd, 'registrarRenewalCostPrice' => '450.00'],
            $extras('vip.ai')
        );
        $this->assertSame(1, (int) Capsule::table('tbldomains')->where('domain', 'vip.ai')->where('status', 'Active')->value('is_premium'));
        // Priced by the fee extension (a RENEW block per name), not ISPAPI's price list.
        $checks = $this->sent('CheckDomains');
        $this->assertCount(2, $checks);
        foreach ($checks as $text) {
            $this->assertStringContainsString('X-FEE-COMMAND0=RENEW', $text);
        }
        $this->assertSame([], $this->sent('QueryDomainList'));
    }

    public function testMissingCredentialsAreOneClearMessage(): void
    {
        $this->world->useApi('ISPAPI', ['Username' => '']);
        $refresh = ['refresh' => '1', 'token' => AdminSession::token()];
        $html = $this->dash->render(Dashboard::MONITORING, $refresh);
        $this->assertStringContainsString('the API username is not set: enter it under Setup &gt; Domain Registrars', $html);
        $this->world->useApi('ISPAPI', ['Password' => 'wrong']);
        $html = $this->dash->render(Dashboard::MONITORING, $refresh);
        $this->assertStringContainsString('530 Authentication failed', $html);
        $this->assertStringNotContainsString('No issues detected.', $html);
        $this->world->useApi('ISPAPI');
        $html = $this->dash->render(Dashboard::MONITORING);
        $this->assertStringNotContainsString('530', $html, 'a check the API refused is not kept');
        $this->assertStringContainsString('No issues detected.', $html);
    }

    public function testTheAccountWidgetShowsBalanceAndDepositsOnOte(): void
    {
        $html = $this->dash->render(Dashboard::ACCOUNT);
        $this->assertStringContainsString('data-environment="ote"', $html);
        $this->assertMatchesRegularExpression('~ispapi-account-amount"><div class="data color-green">\$[\d,]+\.\d\d USD</div>~', $html);
        $this->assertStringContainsString('Reserved Deposits', $html);
        $this->assertStringContainsString('$150.00 USD', $html);
        $this->assertStringContainsString('ispapi-account-logo', $html);
        $this->assertStringContainsString('OT&amp;E test system', $html);
        $this->assertMatchesRegularExpression('~Updated \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC~', $html);
        $this->assertStringContainsString('<span class="ispapi-account-runtime">runs through PHP extension</span>', $html);
    }

    public function testTheAccountWidgetShowsProductStatisticsOnLiveAndCachesThem(): void
    {
        $this->world->useApi('ISPAPI', ['TestMode' => '']);
        Capsule::table('tbltransientdata')->delete();
        $widget = $this->dash->widget(Dashboard::ACCOUNT);
        $html = $widget->render();
        $this->assertStringContainsString('data-environment="live"', $html);
        $this->assertMatchesRegularExpression('~<tr data-product="DOMAIN"><td>Domains</td><td class="text-right">\d+</td></tr>~', $html);
        $this->assertStringContainsString('DNS Zones', $html);
        $this->assertStringNotContainsString('ispapi-account-logo', $html);
        $this->world->simulator->control(['clear_log' => true]);
        $this->assertSame($html, $widget->render(), 'within the cache time');
        $this->assertSame([], $this->sent(), 'the cached figures need no API call');
        $widget->render(true);
        $this->assertSame(['StatusAccount', 'QueryUserObjectStatistics'], $this->sent());
    }

    /**
     * The dashboard is not where WHMCS calls registrar modules, so its registrar functions
     * (getRegistrarConfigOptions) may not be loaded there: the widgets load them themselves.
     */
    public function testTheWidgetsWorkOnAPageThatDidNotLoadWhmcssRegistrarFunctions(): void
    {
        $process = proc_open([PHP_BINARY, '-d', 'extension=' . \dirname(__DIR__, 2) . '/target/release/libispapi_core_php.so',
            __DIR__ . '/Support/admin.php', $this->world->dir . '/whmcs', 'pages'], [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
        $out = stream_get_contents($pipes[1]);
        $err = stream_get_contents($pipes[2]);
        $this->assertSame(0, proc_close($process), $out . $err);
        $pages = json_decode($out, true);
        $this->assertStringContainsString('Account Balance', $pages['widgets']['ispapi_account'], $out);
        $this->assertStringNotContainsString('not activated', $pages['widgets']['ispapi_monitoring'], $out);
    }

    public function testTheAccountWidgetWorksForCnr(): void
    {
        $this->world->useApi('CNR', ['TestMode' => '']);
        $html = $this->dash->render(Dashboard::ACCOUNT);
        $this->assertStringContainsString('Account Balance', $html);
        $this->assertStringNotContainsString('Reserved Deposits', $html, 'CNR reserves no deposits');
        $this->assertMatchesRegularExpression('~<td>Domains</td><td class="text-right">\d+</td>~', $html);
    }

    public function testTheAccountWidgetSaysWhatIsWrongInsteadOfNumbers(): void
    {
        $this->world->useApi('ISPAPI', ['Password' => '']);
        $html = $this->dash->render(Dashboard::ACCOUNT);
        $this->assertStringContainsString('ispapi-account-error', $html);
        $this->assertStringContainsString('the API password is not set', $html);
        $this->world->useApi('ISPAPI', ['Password' => 'not-the-password']);
        $html = $this->dash->render(Dashboard::ACCOUNT);
        $this->assertStringContainsString('StatusAccount failed: 530 Authentication failed (check the API login', $html);
        $this->assertStringNotContainsString('Account Balance', $html);
    }

    public function testTheAccountWidgetIsForAdminsWhoMaySeeIncome(): void
    {
        $shown = static fn (): array => array_map(
            static fn (\WHMCS\Module\AbstractWidget $w): string => $w->getId(),
            \Harness\Admin\Dashboard::widgets()
        );
        // A role for support staff: the dashboard and domains, nothing of billing.
        $this->dash->loginReadOnlyAdmin();
        $this->assertContains(Dashboard::MONITORING, $shown());
        $this->assertNotContains(Dashboard::ACCOUNT, $shown(), 'the balance is billing data');
        $refused = \Harness\Admin\Dashboard::refresh(Dashboard::ACCOUNT);
        $this->assertSame(404, $refused->status, 'nor can it be fetched through the refresh route');
        $this->assertStringNotContainsString('Account Balance', $refused->body);

        // WHMCS's own Billing widget asks for "View Income Totals" (modules/widgets/Billing.php).
        $role = Seed::adminRole('Billing ' . bin2hex(random_bytes(3)), ['Main Homepage', 'View Income Totals']);
        AdminSession::loginAs(Seed::admin('billing-' . bin2hex(random_bytes(3)), 'billing-password', $role));
        $this->assertContains(Dashboard::ACCOUNT, $shown());
        $this->assertStringContainsString('Account Balance', $this->dash->render(Dashboard::ACCOUNT));
    }

    /** A free loopback port (bound, then released). */
    private static function freePort(): int
    {
        $probe = stream_socket_server('tcp://127.0.0.1:0');
        $port = (int) substr(strrchr((string) stream_socket_get_name($probe, false), ':'), 1);
        fclose($probe);
        return $port;
    }

    /**
     * Serves $body as the release manifest on loopback (php -S; every request is counted) and
     * points the registrar's "Release manifest URL" at it.
     */
    private function serveManifest(string $body): string
    {
        if (self::$manifests === null) {
            $dir = sys_get_temp_dir() . '/ispapi-manifest-' . getmypid();
            @mkdir($dir, 0700, true);
            file_put_contents("$dir/router.php", '<?php file_put_contents(__DIR__ . "/requests.log", "x", FILE_APPEND);'
                . ' header("Content-Type: application/json"); readfile(__DIR__ . "/release.json");');
            $port = self::freePort();
            $process = proc_open([PHP_BINARY, '-S', "127.0.0.1:$port", "$dir/router.php"], [1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
            self::$manifests = ['process' => $process, 'dir' => $dir, 'port' => $port];
            for ($i = 0; $i < 100 && @fsockopen('127.0.0.1', $port) === false; $i++) {
                usleep(50_000);
            }
        }
        file_put_contents(self::$manifests['dir'] . '/release.json', $body);
        @unlink(self::$manifests['dir'] . '/requests.log');
        Capsule::table('tbltransientdata')->where('name', 'like', VersionCheck::CACHE_PREFIX . '%')->delete();
        $url = 'http://127.0.0.1:' . self::$manifests['port'] . '/release.json';
        $this->world->useApi('ISPAPI', ['ReleaseManifestUrl' => $url]);
        return $url;
    }

    private static function manifestRequests(): int
    {
        return \strlen((string) @file_get_contents(self::$manifests['dir'] . '/requests.log'));
    }

    /** The installed version with one part changed by $delta (major, minor, patch). */
    private static function bumped(int $part, int $delta): string
    {
        $v = array_map('intval', explode('.', Core::VERSION));
        $v[$part] += $delta;
        for ($i = $part + 1; $i < 3; $i++) {
            $v[$i] = 0;
        }
        return implode('.', $v);
    }

    /** @return array{0: string, 1: float} the Account widget's output and the seconds it took */
    private function timedAccount(): array
    {
        $started = microtime(true);
        $html = $this->dash->render(Dashboard::ACCOUNT);
        return [$html, microtime(true) - $started];
    }

    public function testTheAccountWidgetOffersANewerRelease(): void
    {
        $newer = self::bumped(2, 1);
        $this->serveManifest(json_encode(['version' => $newer, 'date' => '2026-12-01', 'url' => "https://example.org/releases/v$newer"]));
        $html = $this->dash->render(Dashboard::ACCOUNT);
        $this->assertStringContainsString('<a href="https://example.org/releases/v' . $newer . '" class="btn btn-success btn-sm btn-block"'
            . ' style="white-space:normal" target="_blank" rel="noopener noreferrer">Latest version ' . $newer . ' available!</a>', $html);
        $this->assertStringContainsString('Current version ' . Core::VERSION . '<', $html);
        $this->assertStringNotContainsString('running with the latest version', $html);
        $this->assertStringContainsString('Account Balance', $html, 'the balance is still shown');
        // GitHub's latest-release answer, a newer major.
        $major = self::bumped(0, 1);
        $this->serveManifest(json_encode(['tag_name' => "v$major", 'html_url' => "https://example.org/tag/v$major"]));
        $this->assertStringContainsString("Latest version $major available!", $this->dash->render(Dashboard::ACCOUNT));
    }

    public function testTheAccountWidgetSaysTheInstalledReleaseIsTheLatest(): void
    {
        foreach ([Core::VERSION, '0.0.1'] as $published) {
            $this->serveManifest(json_encode(['version' => $published]));
            $html = $this->dash->render(Dashboard::ACCOUNT);
            $this->assertStringContainsString('You&#39;re running with the latest version.', $html, "published $published");
            $this->assertStringNotContainsString('available!', $html);
            $this->assertStringContainsString('Current version ' . Core::VERSION, $html);
        }
    }

    public function testTheReleaseManifestIsReadOnceADay(): void
    {
        $newer = self::bumped(1, 1);
        $url = $this->serveManifest(json_encode(['version' => $newer]));
        $this->assertStringContainsString("Latest version $newer available!", $this->dash->render(Dashboard::ACCOUNT));
        file_put_contents(self::$manifests['dir'] . '/release.json', json_encode(['version' => self::bumped(1, 2)]));
        $html = $this->dash->render(Dashboard::ACCOUNT);
        $this->assertStringContainsString("Latest version $newer available!", $html, 'the kept manifest');
        $this->assertSame(1, self::manifestRequests(), 'one request for two dashboard loads');
        $expires = (int) Capsule::table('tbltransientdata')->where('name', VersionCheck::CACHE_PREFIX . sha1($url))->value('expires');
        $this->assertEqualsWithDelta(time() + 86400, $expires, 60, 'kept for a day');
    }

    public function testAnUnreadableManifestShowsTheVersionOnly(): void
    {
        // The last is larger than a manifest can be (64 KB): its fetch is cut off.
        foreach (['<html><body>502 Bad Gateway</body></html>', '{"version": "latest"}', '', str_repeat('x', 200_000)] as $body) {
            $this->serveManifest($body);
            $html = $this->dash->render(Dashboard::ACCOUNT);
            $this->assertStringContainsString('Current version ' . Core::VERSION, $html);
            $this->assertStringNotContainsString('available!', $html);
            $this->assertStringNotContainsString('running with the latest version', $html);
            $this->assertStringContainsString('Account Balance', $html);
        }
        $logged = Capsule::table('tblmodulelog')->where('action', 'version check')->orderByDesc('id')->limit(4)->pluck('response')->all();
        $this->assertSame(['the release manifest could not be fetched', 'the release manifest is not readable',
            'the release manifest is not readable', 'the release manifest is not readable'], $logged);
    }

    public function testAnUnreachableManifestNeitherBreaksNorSlowsTheDashboard(): void
    {
        // Nothing listens: connection refused.
        $this->world->useApi('ISPAPI', ['ReleaseManifestUrl' => 'http://127.0.0.1:' . self::freePort() . '/release.json']);
        [$html, $seconds] = $this->timedAccount();
        $this->assertStringContainsString('Current version ' . Core::VERSION, $html);
        $this->assertStringContainsString('Account Balance', $html);
        $this->assertStringNotContainsString('available!', $html);
        $this->assertLessThan(2.0, $seconds);
    }

    public function testASlowManifestServerCostsOneShortTimeoutAnHour(): void
    {
        // Accepts connections (the kernel's backlog) but never answers.
        $silent = stream_socket_server('tcp://127.0.0.1:0');
        $url = 'http://' . stream_socket_get_name($silent, false) . '/release.json';
        $this->world->useApi('ISPAPI', ['ReleaseManifestUrl' => $url]);
        try {
            [$html, $seconds] = $this->timedAccount();
            $this->assertStringContainsString('Current version ' . Core::VERSION, $html);
            $this->assertStringContainsString('Account Balance', $html);
            $this->assertGreaterThan(2.0, $seconds, 'it waited for the manifest');
            $this->assertLessThan(3.5, $seconds, 'but not longer than the timeout (2.5 s)');
            [, $again] = $this->timedAccount();
            $this->assertLessThan(1.0, $again, 'the failure is kept: the next load does not wait');
            $expires = (int) Capsule::table('tbltransientdata')->where('name', VersionCheck::CACHE_PREFIX . sha1($url))->value('expires');
            $this->assertEqualsWithDelta(time() + 3600, $expires, 60, 'retried after an hour');
        } finally {
            fclose($silent);
        }
    }

    public function testTheVersionIsShownBesideAnAccountError(): void
    {
        $newer = self::bumped(2, 1);
        $url = $this->serveManifest(json_encode(['version' => $newer, 'url' => 'https://example.org/r']));
        $this->world->useApi('ISPAPI', ['Password' => 'not-the-password', 'ReleaseManifestUrl' => $url]);
        $html = $this->dash->render(Dashboard::ACCOUNT);
        $this->assertStringContainsString('ispapi-account-error', $html);
        $this->assertStringContainsString("Latest version $newer available!", $html);
        $this->assertStringContainsString('Current version ' . Core::VERSION, $html);
    }

    public function testThePlaceholderDefaultMakesNoRequest(): void
    {
        $html = $this->dash->render(Dashboard::ACCOUNT);
        $this->assertStringContainsString('Current version ' . Core::VERSION, $html);
        $this->assertStringNotContainsString('available!', $html);
        $this->assertSame(0, Capsule::table('tbltransientdata')->where('name', 'like', VersionCheck::CACHE_PREFIX . '%')->count());
    }
}
