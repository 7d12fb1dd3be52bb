<?php

declare(strict_types=1);

namespace IspapiCore\ModuleTests;

use Harness\Addons;
use Harness\Hooks;
use Harness\Params;
use Harness\Runtime;
use IspapiCore\ModuleTests\Support\Browser;
use IspapiCore\ModuleTests\Support\Dashboard;
use IspapiCore\ModuleTests\Support\World;
use IspapiCore\Monitoring;
use IspapiCore\VersionCheck;
use PHPUnit\Framework\TestCase;
use WHMCS\Database\Capsule;

/**
 * The dashboard in headless Chromium: the harness's admin pages served by `php -S` (Bootstrap 3
 * and jQuery, as WHMCS's admin area), the widgets installed, the simulator behind them. The
 * buttons are pressed as an admin presses them; the widget's script talks to the server only
 * through WHMCS's helpers (jqClient adds no token). Screenshots go to target/artefacts/:
 * dashboard-widgets, dialog-in-progress, dialog-fixed, dialog-hostile-name, addon-page, ….
 */
final class BrowserTest extends TestCase
{
    private static ?Browser $browser = null;
    private World $world;
    private Dashboard $dash;

    public static function tearDownAfterClass(): void
    {
        self::$browser?->stop();
        self::$browser = null;
    }

    protected function setUp(): void
    {
        if (!Browser::available()) {
            $this->markTestSkipped('Chromium and chromedriver are not installed (scripts/setup installs them)');
        }
        $this->world = World::get();
        $this->world->useApi('ISPAPI');
        $this->world->simulator->control(['reset' => true]);
        $this->dash = new Dashboard($this->world);
        $this->dash->parkWhmcsDomains();
        self::$browser ??= Browser::start($this->world);
        self::$browser->login('admin', 'harness-admin');
    }

    private function browser(): Browser
    {
        return self::$browser;
    }

    private function openDashboard(): void
    {
        // The login showed the dashboard before the test's domains existed: check anew.
        Monitoring::forgetSnapshot();
        $b = $this->browser();
        $b->open('/admin/index.php');
        $b->waitFor(fn (): bool => (bool) $b->script('return !!document.querySelector(".ispapi-monitoring");'), 'the monitoring widget');
    }

    private function openDetails(string $case): void
    {
        $b = $this->browser();
        $b->click('[data-monitoring-details="' . $case . '"]');
        $b->waitFor(
            fn (): bool => (bool) $b->script('return ' . self::DIALOG_SHOWN
                . ' && document.querySelectorAll("#ispapi-mon-dialog .ispapi-monitoring-items li").length > 0;'),
            "the $case dialog"
        );
    }

    /** The dialog is open: Bootstrap's modal shown (class "in", displayed). */
    private const DIALOG_SHOWN = '(function () { var d = document.getElementById("ispapi-mon-dialog");'
        . ' return !!d && d.classList.contains("in") && getComputedStyle(d).display === "block"; })()';

    /** What Bootstrap 3's stylesheet and script do to the page, as a WHMCS admin page has them. */
    private function assertBootstrapStyled(): void
    {
        $b = $this->browser();
        $this->assertSame('function', $b->script('return typeof jQuery.fn.modal;'), 'Bootstrap\'s script');
        $this->assertSame('3.4.1', $b->script('return jQuery.fn.modal.Constructor.VERSION;'));
        // Bootstrap 3's .btn and .panel rules, and the navigation bar.
        $this->assertSame('inline-block', $b->script('return getComputedStyle(document.querySelector(".btn:not(.btn-block)")).display;'));
        $this->assertSame('20px', $b->script('return getComputedStyle(document.querySelector(".panel")).marginBottom;'));
        $this->assertSame('block', $b->script('return getComputedStyle(document.querySelector(".navbar")).display;'));
        $this->assertSame('rgb(26, 77, 128)', $b->script('return getComputedStyle(document.querySelector("#top-nav")).backgroundColor;'));
    }

    public function testTheDashboardShowsEveryCaseAndTheAccount(): void
    {
        $this->dash->seedEveryCase();
        // A newer release in the manifest the Account widget read today (kept in
        // tbltransientdata, as the widget keeps it; no request leaves the machine).
        $url = 'http://127.0.0.1:9/release.json';
        $this->world->useApi('ISPAPI', ['ReleaseManifestUrl' => $url]);
        $newer = '9.0.0';
        Capsule::table('tbltransientdata')->whereIn('name', ['widget.' . Dashboard::ACCOUNT, VersionCheck::CACHE_PREFIX . sha1($url)])->delete();
        Capsule::table('tbltransientdata')->insert(['name' => VersionCheck::CACHE_PREFIX . sha1($url), 'expires' => time() + 3600,
            'data' => json_encode(['manifest' => json_encode(['version' => $newer, 'url' => "https://example.org/releases/v$newer"])])]);
        $this->openDashboard();
        $b = $this->browser();
        $cases = $b->script('return Array.from(document.querySelectorAll(".ispapi-monitoring-case")).map('
            . 'function (e) { return e.getAttribute("data-case") + "=" + e.querySelector(".ispapi-monitoring-count").textContent; });');
        $this->assertSame([
            'id_protection=2', 'transfer_lock=3', 'migration_notes=2', 'premium_renewal_cost=1', 'premium_at_registrar=1',
        ], $cases);
        $this->assertStringContainsString('Account Balance', $b->text('.ispapi-account'));
        $this->assertStringContainsString('Reserved Deposits', $b->text('.ispapi-account'));
        $this->assertStringContainsString('Current version ' . \IspapiCore\Core::VERSION, $b->text('.ispapi-account'));
        $this->assertSame("https://example.org/releases/v$newer", $b->script('return document.querySelector(".ispapi-account-newer a.btn").href;'));
        $this->assertSame("Latest version $newer available!", $b->text('.ispapi-account-newer a.btn'));
        $this->assertBootstrapStyled();
        // Both widgets side by side in the grid's cells.
        $this->assertSame(2, $b->script('return document.querySelectorAll(".home-widgets-container > .widget-cell > .panel[data-widget^=Ispapi]").length;'));
        $this->assertFileExists($b->screenshot('dashboard-widgets'));
    }

    public function testFixThisFixesACaseWithTheProgressBarReachingAHundredPercent(): void
    {
        $names = $this->dash->seedEveryCase()['transfer_lock'];
        $this->openDashboard();
        $this->openDetails('transfer_lock');
        $b = $this->browser();
        $this->assertSame('3 domains have no transfer lock', $b->text('#ispapi-mon-title'));
        $this->assertSame($names, $b->script('return Array.from(document.querySelectorAll("#ispapi-mon-dialog .ispapi-monitoring-items li")).map(function (e) { return e.textContent; });'));
        $b->click('#ispapi-mon-dialog [data-mon=fix]');
        $b->waitFor(
            fn (): bool => $b->script('return document.querySelector("#ispapi-mon-progress .progress-bar").getAttribute("aria-valuenow");') === '100',
            'the progress bar at 100 %'
        );
        // Bootstrap animates the bar's width: the screenshot waits until it is drawn full.
        $b->waitFor(
            fn (): bool => (bool) $b->script('var bar = document.querySelector("#ispapi-mon-progress .progress-bar");'
                . ' return bar.getBoundingClientRect().width >= bar.parentNode.getBoundingClientRect().width - 1;'),
            'the full bar drawn'
        );
        $this->assertSame('100 %', $b->text('#ispapi-mon-progress .progress-bar'));
        $this->assertStringContainsString('3 of 3 done (3 fixed, 0 failed). Finished.', $b->text('.ispapi-mon-status'));
        $b->screenshot('dialog-fixed');
        foreach ($names as $name) {
            $this->assertSame('1', $this->dash->api(['COMMAND' => 'StatusDomain', 'DOMAIN' => $name])['properties']['TRANSFERLOCK'][0]);
        }
        $b->click('#ispapi-mon-dialog .modal-footer [data-mon=close]');
        $b->waitFor(fn (): bool => !$b->script('return !!document.querySelector("[data-case=transfer_lock]");'), 'the case to go');
        $this->assertFalse($b->script('return ' . self::DIALOG_SHOWN . ';'), 'the dialog is closed');
        $b->screenshot('dashboard-after-fix');
    }

    public function testADialogInProgressShowsARunningBarAndStop(): void
    {
        $names = $this->dash->seedEveryCase()['transfer_lock'];
        $this->openDashboard();
        $this->openDetails('transfer_lock');
        $b = $this->browser();
        // The second fix gets no reply: the run stops at one of three, to be resumed.
        $this->world->simulator->control(['fault' => 'close', 'times' => 1, 'command' => 'ModifyDomain', 'after' => 1]);
        $b->click('#ispapi-mon-dialog [data-mon=fix]');
        $b->waitFor(fn (): bool => $b->text('#ispapi-mon-dialog [data-mon=fix]') === 'Resume', 'the run to stop');
        $this->assertStringContainsString('Resume continues where it stopped.', $b->text('.ispapi-mon-status'));
        // Resume: the registrar answers the check of the interrupted item slowly, so the run is
        // still going meanwhile.
        $this->world->simulator->control(['fault' => 'slow', 'delay_ms' => 4000, 'times' => 1, 'command' => 'StatusDomain']);
        $b->click('#ispapi-mon-dialog [data-mon=fix]');
        $b->waitFor(
            fn (): bool => (bool) $b->script('var bar = document.querySelector("#ispapi-mon-progress");'
                . ' return !bar.classList.contains("hidden") && bar.querySelector(".progress-bar.progress-bar-striped.active") !== null'
                . ' && !document.querySelector("#ispapi-mon-dialog [data-mon=stop]").classList.contains("hidden");'),
            'the running progress bar and the Stop button'
        );
        $this->assertSame('1 of 3 done (1 fixed, 0 failed)', $b->text('.ispapi-mon-status'));
        $this->assertSame('33', $b->script('return document.querySelector("#ispapi-mon-progress .progress-bar").getAttribute("aria-valuenow");'));
        $b->waitFor(
            fn (): bool => (bool) $b->script('var bar = document.querySelector("#ispapi-mon-progress .progress-bar");'
                . ' return bar.getBoundingClientRect().width >= 0.3 * bar.parentNode.getBoundingClientRect().width;'),
            'the bar drawn at a third'
        );
        $this->assertTrue($b->script('return document.querySelector("#ispapi-mon-dialog [data-mon=fix]").disabled;'), 'no second start');
        $this->assertTrue($b->script('return !!document.querySelector(".modal-backdrop.in");'), 'Bootstrap\'s backdrop');
        $this->assertFileExists($b->screenshot('dialog-in-progress'));
        $b->waitFor(
            fn (): bool => $b->script('return document.querySelector("#ispapi-mon-progress .progress-bar").getAttribute("aria-valuenow");') === '100',
            'the progress bar at 100 %'
        );
        $this->assertFalse($b->script('return !!document.querySelector("#ispapi-mon-progress .progress-bar.active");'), 'a finished bar stops moving');
        $this->assertCount(3, $names);
    }

    public function testTheAddonPageIsAWhmcsAdminPage(): void
    {
        if (!Addons::isActive('cnicdomainmonitoring')) {
            Addons::activate('cnicdomainmonitoring', [], [1]);
        }
        Capsule::table('mod_cnicdomainmonitoring')->delete();
        if (!Hooks::has('AfterRegistrarRenewalFailed')) {
            Runtime::current()->loadHooks();
        }
        // A renewal that failed because the domain became premium (as AddonTest's case).
        $id = $this->world->domain('vip.ai', ['recurringamount' => 19.99]);
        Hooks::run('AfterRegistrarRenewalFailed', ['params' => Params::forRenewal($id, 'ispapi'), 'error' => 'RenewDomain failed']);
        $b = $this->browser();
        $b->open('/admin/addonmodules.php?module=cnicdomainmonitoring');
        $b->waitFor(fn (): bool => (bool) $b->script('return !!document.querySelector(".cnic-monitoring-cases");'), 'the cases table');
        $this->assertBootstrapStyled();
        $this->assertSame('CNIC Domain Monitoring', $b->text('#contentarea > h1'));
        $this->assertStringContainsString('vip.ai', $b->text('.panel .table.table-condensed.cnic-monitoring-cases'));
        $b->click('.cnic-monitoring-fix summary');
        $b->waitFor(fn (): bool => (bool) $b->script('return document.querySelector(".cnic-monitoring-fix").open;'), 'the Fix Now guide');
        $this->assertFileExists($b->screenshot('addon-page'));
    }

    public function testTheCsvIsDownloaded(): void
    {
        $names = $this->dash->seedEveryCase()['id_protection'];
        foreach (glob($this->browser()->downloads . '/*') ?: [] as $old) {
            unlink($old);
        }
        $this->openDashboard();
        $this->openDetails('id_protection');
        $b = $this->browser();
        $b->click('#ispapi-mon-dialog [data-mon=csv]');
        $file = $b->downloads . '/ispapi-monitoring-id_protection-items.csv';
        $b->waitFor(fn (): bool => is_file($file) && filesize($file) > 0, 'the CSV download');
        $lines = explode("\r\n", trim((string) file_get_contents($file)));
        $this->assertSame("domain\tcase\tbefore", $lines[0]);
        $this->assertSame($names, array_map(static fn (string $l): string => explode("\t", $l)[0], \array_slice($lines, 1)));
    }

    public function testAHostileDomainNameIsShownAsText(): void
    {
        $this->dash->seedEveryCase();
        $this->openDashboard();
        $this->openDetails('migration_notes');
        $b = $this->browser();
        $items = $b->script('return Array.from(document.querySelectorAll("#ispapi-mon-dialog .ispapi-monitoring-items li")).map(function (e) { return e.textContent; });');
        $this->assertContains(Dashboard::HOSTILE, $items);
        $this->assertSame(0, $b->script('return document.querySelectorAll("#ispapi-mon-dialog img").length;'));
        $this->assertNull($b->script('return window.__hostile === undefined ? null : window.__hostile;'));
        $b->screenshot('dialog-hostile-name');
    }

    public function testTheSwitchAndThePanelsRefreshSendTheToken(): void
    {
        // WHMCS's jqClient adds no token: the widget's script and WHMCS's refreshWidget send it.
        $this->dash->seedEveryCase();
        $this->openDashboard();
        $b = $this->browser();
        $b->click('[data-monitoring-status="0"]');
        $b->waitFor(
            fn (): bool => str_contains((string) $b->script('var w = document.querySelector(".ispapi-monitoring");'
                . ' return w ? w.textContent : "";'), 'The monitoring is switched off.'),
            'the widget switched off'
        );
        $this->assertSame('0', \WHMCS\Config\Setting::getValue('IspapiMonitoringWidgetstatus'));
        $b->click('[data-monitoring-status="1"]');
        $b->waitFor(fn (): bool => (bool) $b->script('return !!document.querySelector("[data-case=transfer_lock]");'), 'the cases again');

        // The panel's Refresh checks anew: the new domain's case appears.
        $this->world->domain('refreshed-' . bin2hex(random_bytes(3)) . '.com', ['additionalnotes' => 'INIT_TRANSFER_FAIL']);
        $b->click('.widget-refresh[data-widget="IspapiMonitoringWidget"]');
        $b->waitFor(
            fn (): bool => $b->script('var c = document.querySelector("[data-case=migration_notes] .ispapi-monitoring-count");'
                . ' return c ? c.textContent : null;') === '3',
            'the refreshed count'
        );
    }

    public function testARequestWithoutTheTokenIsRefused(): void
    {
        $this->dash->seedEveryCase();
        $this->openDashboard();
        $b = $this->browser();
        $post = 'var done = arguments[arguments.length - 1];'
            . ' fetch("index.php?rp=/admin/widget/refresh&widget=IspapiMonitoringWidget", {method: "POST",'
            . ' headers: {"Content-Type": "application/x-www-form-urlencoded"}, body: arguments[0]})'
            . '.then(function (r) { done(r.status); }, function (e) { done(String(e)); });';
        $this->assertSame(403, $b->asyncScript($post, ['monitoring=start&case=transfer_lock']));
        $this->assertSame(403, $b->asyncScript($post, ['monitoring=start&case=transfer_lock&token=forged']));
        $withToken = $b->asyncScript($post, ['monitoring=details&case=transfer_lock&token=' . rawurlencode((string) $b->script('return window.csrfToken;'))]);
        $this->assertSame(200, $withToken, 'the same request with the session token is answered');
        $this->assertSame(0, Capsule::table(Monitoring::JOBS)->count(), 'no fix was started');
    }

    /**
     * Issue #20 item 12 (seed: "WHMCS doesn't allow SRV records … templates customized"): the
     * module's DNS page, copied over the theme's, as a client uses it: the SRV row is shown with
     * its type and priority, a new SRV typed into the blank row is saved, the others stay.
     */
    public function testTheClientsDnsPageKeepsAndAddsSrvRecords(): void
    {
        $target = $this->world->dir . '/whmcs/templates/six/clientareadomaindns.tpl';
        @mkdir(\dirname($target), 0777, true);
        $this->assertTrue(copy($this->world->dir . '/release/modules/registrars/ispapi/templates/theme/clientareadomaindns.tpl', $target));
        $id = $this->world->domain(World::unique(), ['dnsmanagement' => 1]);
        $this->assertSame(['success' => true], $this->world->call('RegisterDomain', $id));
        $srv = ['hostname' => '_sip._tcp', 'type' => 'SRV', 'address' => '5 5060 sip.example.net', 'priority' => '20'];
        $a = ['hostname' => 'www', 'type' => 'A', 'address' => '192.0.2.10', 'priority' => ''];
        $this->assertSame(['success' => true], $this->world->call('SaveDNS', $id, ['dnsrecords' => [$srv, $a]]));

        $b = $this->browser();
        $b->open("/clientarea.php?action=domaindns&domainid=$id");
        $shown = 'return (function (host) { var i = Array.from(document.querySelectorAll("input[name=\"dnsrecordhost[]\"]")).filter(function (e) { return e.value === host; })[0];'
            . ' if (!i) { return null; } var r = i.closest("tr"); return [r.querySelector("select").value, r.querySelector("input[name=\"dnsrecordaddress[]\"]").value,'
            . ' r.querySelector("input[name=\"dnsrecordpriority[]\"]").value]; })(arguments[0]);';
        $this->assertSame(['SRV', '5 5060 sip.example.net', '20'], $b->script($shown, ['_sip._tcp']));

        // The blank last row: host, type SRV from the list, "weight port target", priority.
        $last = 'tbody tr:last-child';
        $b->type("$last input[name=\"dnsrecordhost[]\"]", '_xmpp-client._tcp');
        $b->script('var s = document.querySelector("tbody tr:last-child select"); s.value = "SRV"; s.dispatchEvent(new Event("change"));');
        $b->type("$last input[name=\"dnsrecordaddress[]\"]", '0 5222 xmpp.example.net');
        $b->type("$last input[name=\"dnsrecordpriority[]\"]", '5');
        $this->assertFileExists($b->screenshot('client-dns-srv-typed'));
        $b->click('form.ispapi-dns button[type=submit]');
        $b->waitFor(fn (): bool => $b->script($shown, ['_xmpp-client._tcp']) !== null, 'the page again with the new record');
        $this->assertSame(null, $b->script('var e = document.getElementById("harness-error"); return e ? e.textContent : null;'));
        $this->assertSame(['SRV', '0 5222 xmpp.example.net', '5'], $b->script($shown, ['_xmpp-client._tcp']));
        $this->assertFileExists($b->screenshot('client-dns-srv-saved'));

        $rows = array_map(static fn (array $r): array => array_diff_key($r, ['recid' => true]), $this->world->call('GetDNS', $id));
        $this->assertContains($srv, $rows, 'the SRV row posted back unchanged');
        $this->assertContains($a, $rows);
        $this->assertContains(['hostname' => '_xmpp-client._tcp', 'type' => 'SRV', 'address' => '0 5222 xmpp.example.net', 'priority' => '5'], $rows);
    }

    /** Issue #20 item 13 (seed: existing private nameservers listed, "our ISPAPI Registrar Module is injecting"). */
    public function testThePrivateNameserversPageShowsTheListAboveItsForms(): void
    {
        if (!Hooks::has('ClientAreaFooterOutput')) {
            Runtime::current()->loadHooks();
        }
        $name = World::unique();
        $id = $this->world->domain($name);
        $this->assertSame(['success' => true], $this->world->call('RegisterDomain', $id));
        $this->assertSame(['success' => true], $this->world->call('RegisterNameserver', $id, ['nameserver' => "ns1.$name", 'ipaddress' => '192.0.2.53']));

        $b = $this->browser();
        $b->open("/clientarea.php?action=domainregisterns&domainid=$id");
        $b->waitFor(fn (): bool => (bool) $b->script('return !!document.getElementById("ispapi-private-nameservers");'), 'the list');
        $this->assertTrue($b->script('var l = document.getElementById("ispapi-private-nameservers");'
            . ' return l.nextElementSibling === document.querySelector("form");'), 'placed just above the first form');
        $this->assertStringContainsString("ns1.$name", $b->text('#ispapi-private-nameservers'));
        $this->assertStringContainsString('192.0.2.53', $b->text('#ispapi-private-nameservers'));
        $this->assertFileExists($b->screenshot('client-private-nameservers'));
    }

    /** Issue #20 item 13: a .de domain's menu has no "Registrar Lock Status" (DENIC has no lock); a .com's has. */
    public function testTheDomainMenuOffersTheLockOnlyWhereTheRegistryHasOne(): void
    {
        if (!Hooks::has('ClientAreaPrimarySidebar')) {
            Runtime::current()->loadHooks();
        }
        $b = $this->browser();
        $item = 'return !!document.querySelector("[menuItemName=\"Domain Details Management\"] [menuItemName=\"" + arguments[0] + "\"]");';
        $de = $this->world->domain(World::unique('de'));
        $b->open("/clientarea.php?action=domaindns&domainid=$de");
        $b->waitFor(fn (): bool => (bool) $b->script($item, ['Manage DNS Host Records']), 'the domain menu');
        $this->assertFalse($b->script($item, ['Registrar Lock Status']));
        $this->assertFileExists($b->screenshot('client-menu-de'));

        $com = $this->world->domain(World::unique('com'));
        $this->assertSame(['success' => true], $this->world->call('RegisterDomain', $com));
        $b->open("/clientarea.php?action=domaindns&domainid=$com");
        $b->waitFor(fn (): bool => (bool) $b->script($item, ['Manage DNS Host Records']), 'the domain menu');
        $this->assertTrue($b->script($item, ['Registrar Lock Status']));
        // The menu leads to the Private Nameservers page.
        $b->click('[menuItemName="Manage Private Nameservers"]');
        $b->waitFor(fn (): bool => (bool) $b->script('return !!document.getElementById("ispapi-private-nameservers");'), 'the Private Nameservers page');
    }
}
