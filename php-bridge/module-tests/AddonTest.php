<?php

declare(strict_types=1);

namespace IspapiCore\ModuleTests;

use Harness\Addons;
use Harness\AdminSession;
use Harness\Hooks;
use Harness\Params;
use Harness\Runtime;
use Harness\TokenRefused;
use IspapiCore\ModuleTests\Support\Dashboard;
use IspapiCore\ModuleTests\Support\World;
use PHPUnit\Framework\TestCase;
use WHMCS\Database\Capsule;

/**
 * The CNIC Domain Monitoring addon installed into the harness, against the simulator: its
 * activation and removal, the to-do items its hooks create after a failed renewal or transfer
 * of a domain that became premium or changed its premium price, and its admin page.
 */
final class AddonTest extends TestCase
{
    private const ADDON = 'cnicdomainmonitoring';
    private const TABLE = 'mod_cnicdomainmonitoring';

    private World $world;
    private Dashboard $dash;

    protected function setUp(): void
    {
        $this->world = World::get();
        $this->world->useApi('ISPAPI');
        $this->world->simulator->control(['reset' => true]);
        $this->dash = new Dashboard($this->world);
        $this->dash->parkWhmcsDomains();
        $this->dash->loginAdmin();
        if (!Addons::isActive(self::ADDON)) {
            Addons::activate(self::ADDON, [], [1]);
        }
        Capsule::table(self::TABLE)->delete();
        Capsule::table('tbltodolist')->delete();
        // WHMCS loads an active addon's hooks.php on every request (here once per process).
        if (!Hooks::has('AfterRegistrarRenewalFailed')) {
            Runtime::current()->loadHooks();
        }
    }

    /**
     * Runs WHMCS's hook after a failed registrar call with "common domain registrar parameters"
     * (hooks-reference/registrar-module.md → domain-registrars/module-parameters.md), which do
     * not include the registrar's name.
     */
    private function failed(string $hook, int $domainId, string $error): void
    {
        $params = $hook === 'AfterRegistrarRenewalFailed' ? Params::forRenewal($domainId, 'ispapi') : Params::forDomain($domainId, 'ispapi');
        unset($params['registrar'], $params['original']['registrar']);
        Hooks::run($hook, ['params' => $params, 'error' => $error]);
    }

    /** @return list<array<string, mixed>> */
    private function todos(): array
    {
        $r = localAPI('GetToDoItems', ['status' => 'Incomplete']);
        return $r['items']['item'] ?? [];
    }

    public function testActivationCreatesItsTableAndRemovalDropsIt(): void
    {
        $config = Addons::config(self::ADDON);
        $this->assertSame('CNIC Domain Monitoring', $config['name']);
        $this->assertSame('yesno', $config['fields']['todo']['Type']);
        $this->assertSame('success', Addons::deactivate(self::ADDON)['status']);
        $this->assertFalse(Capsule::schema()->hasTable(self::TABLE));
        $this->assertFalse(Addons::isActive(self::ADDON));
        $result = Addons::activate(self::ADDON, [], [1]);
        $this->assertSame('success', $result['status']);
        $this->assertTrue(Capsule::schema()->hasTable(self::TABLE));
        $this->assertSame('on', Capsule::table('tbladdonmodules')->where('module', self::ADDON)->where('setting', 'todo')->value('value'));
    }

    public function testAFailedRenewalOfADomainThatBecamePremiumCreatesAToDo(): void
    {
        $id = $this->world->domain('vip.ai', ['recurringamount' => 19.99]);
        $this->failed('AfterRegistrarRenewalFailed', $id, 'RenewDomain failed: 549 Command failed');
        $todos = $this->todos();
        $this->assertCount(1, $todos);
        $this->assertSame('Premium domain Renewal failed: vip.ai', $todos[0]['title']);
        $this->assertStringContainsString("Old price: 19.99 USD\nNew price: 450.00 USD (class PREMIUM_AI_B)", $todos[0]['description']);
        $this->assertStringContainsString('Set "Recalculate on Save" to "Yes"', $todos[0]['description']);
        $this->assertStringContainsString('cancel and refund the original invoice', $todos[0]['description']);
        $this->assertStringContainsString('start the renewal again in the client area', $todos[0]['description']);
        $case = Capsule::table(self::TABLE)->where('domain_id', $id)->first();
        $this->assertSame(['became_premium', 'open', '19.99 USD', '450.00 USD'], [$case->reason, $case->status, $case->old_price, $case->new_price]);

        // A second failure of the same renewal updates the one to-do.
        $this->failed('AfterRegistrarRenewalFailed', $id, 'RenewDomain failed again');
        $this->assertCount(1, $this->todos());
        $this->assertSame(1, Capsule::table(self::TABLE)->where('domain_id', $id)->count());
    }

    public function testAChangedPremiumPriceIsACase(): void
    {
        $id = $this->world->domain('crypto.io', ['is_premium' => 1]);
        $usd = (int) Capsule::table('tblcurrencies')->where('code', 'USD')->value('id');
        \Harness\Seed::domainExtra($id, 'registrarRenewalCostPrice', '890.00');
        \Harness\Seed::domainExtra($id, 'registrarCurrency', (string) $usd);
        $this->failed('AfterRegistrarRenewalFailed', $id, '549');
        $case = Capsule::table(self::TABLE)->where('domain_id', $id)->first();
        $this->assertSame(['premium_price_changed', '890.00 USD', '990.00 USD'], [$case->reason, $case->old_price, $case->new_price]);
    }

    public function testAFailedTransferOfAPremiumDomainReadsTheClassesTransferPrice(): void
    {
        $id = $this->world->domain('gold.ai', ['type' => 'Transfer', 'firstpaymentamount' => 79.0]);
        $this->world->simulator->control(['clear_log' => true]);
        $this->failed('AfterRegistrarTransferFailed', $id, 'TransferDomain failed: 549');
        $commands = array_map(static fn (string $t): string => strtok($t, "\n"), $this->world->simulator->received());
        $this->assertSame(['COMMAND=CheckDomains', 'COMMAND=StatusUser'], $commands);
        $case = Capsule::table(self::TABLE)->where('domain_id', $id)->first();
        $this->assertSame(['transfer', 'became_premium', '79.00 USD', '1500.00 USD'], [$case->kind, $case->reason, $case->old_price, $case->new_price]);
        $this->assertSame('Premium domain Transfer failed: gold.ai', $this->todos()[0]['title']);
    }

    public function testAFailureUnrelatedToPremiumPricesIsNoCase(): void
    {
        $names = $this->dash->apiNames(['SUBCLASSREGEX' => '^COM$'], 1);
        $id = $this->world->domain($names[0]);
        $this->failed('AfterRegistrarRenewalFailed', $id, '546 insufficient funds');
        $this->assertSame([], $this->todos());
        $this->assertSame(0, Capsule::table(self::TABLE)->count());
    }

    public function testDomainsOfOtherRegistrarsAreLeftAlone(): void
    {
        $id = $this->world->domain('vip.ai', ['registrar' => 'enom']);
        $this->world->simulator->control(['clear_log' => true]);
        Hooks::run('AfterRegistrarRenewalFailed', ['params' => ['domainid' => $id, 'sld' => 'vip', 'tld' => 'ai'], 'error' => 'x']);
        $this->assertSame([], $this->world->simulator->received());
        $this->assertSame([], $this->todos());
    }

    public function testACnrAccountIsCheckedTheSameWay(): void
    {
        $this->world->useApi('CNR');
        $id = $this->world->domain('vip.ai', ['recurringamount' => 19.99]);
        $this->world->simulator->control(['clear_log' => true]);
        $this->failed('AfterRegistrarRenewalFailed', $id, 'failed');
        $case = Capsule::table(self::TABLE)->where('domain_id', $id)->first();
        $this->assertSame(['became_premium', '450.00 USD'], [$case->reason, $case->new_price]);
        // CNR prices a premium name by the fee extension: no PREMIUMCHANNELS, no StatusUser classes.
        $sent = implode("\n", $this->world->simulator->received());
        $this->assertStringContainsString('X-FEE-COMMAND0=RENEW', $sent);
        $this->assertStringNotContainsString('PREMIUMCHANNELS', $sent);
        $this->assertStringNotContainsString('COMMAND=StatusUser', $sent);
    }

    public function testATroubledApiNeverBreaksTheHook(): void
    {
        $id = $this->world->domain('vip.ai');
        $this->world->simulator->control(['fault' => 'http_500', 'times' => 10]);
        $this->failed('AfterRegistrarRenewalFailed', $id, 'failed');
        $this->assertSame(0, Capsule::table(self::TABLE)->count());
        $logged = Capsule::table('tblactivitylog')->orderByDesc('id')->value('description');
        $this->assertStringContainsString('CNIC Domain Monitoring: the premium check of vip.ai failed', $logged);
    }

    public function testThePageListsCasesWithTheirFixNowGuideEscaped(): void
    {
        $this->assertStringContainsString('No issues detected.', Addons::output(self::ADDON));
        $id = $this->world->domain('vip.ai', ['recurringamount' => 19.99]);
        $this->failed('AfterRegistrarRenewalFailed', $id, 'RenewDomain failed: <script>alert(1)</script>');
        $html = Addons::output(self::ADDON);
        $this->assertStringContainsString('<summary class="btn btn-primary btn-sm">Fix Now</summary>', $html);
        $this->assertStringContainsString('clientsdomains.php?userid=' . $this->world->clientId . '&amp;id=' . $id, $html);
        $this->assertStringContainsString('became premium', $html);
        $this->assertStringContainsString('&lt;script&gt;alert(1)&lt;/script&gt;', $html);
        $this->assertStringNotContainsString('<script>alert', $html);
    }

    public function testThePageSpeaksTheAdminsLanguageFromItsLangFolder(): void
    {
        $id = $this->world->domain('vip.ai', ['recurringamount' => 19.99]);
        $this->failed('AfterRegistrarRenewalFailed', $id, 'RenewDomain failed');
        $admin = (int) \Harness\AdminSession::current()->id;
        $expected = ['german' => ['Offene Fälle', 'Verlängerung', 'wurde Premium', 'Jetzt beheben'],
            'french' => ['Cas ouverts', 'renouvellement', 'devenu premium', 'Corriger'],
            'arabic' => ['الحالات المفتوحة', 'تجديد', 'أصبح مميزًا', 'إصلاح الآن'],
            // No such file: the language the addon's config names (english).
            'klingon' => ['Open cases', 'renewal', 'became premium', 'Fix Now']];
        try {
            foreach ($expected as $language => $texts) {
                Capsule::table('tbladmins')->where('id', $admin)->update(['language' => $language]);
                \Harness\AdminSession::login('admin', 'harness-admin');
                $html = Addons::output(self::ADDON);
                foreach ($texts as $text) {
                    $this->assertStringContainsString($text, $html, $language);
                }
            }
        } finally {
            Capsule::table('tbladmins')->where('id', $admin)->update(['language' => 'english']);
            \Harness\AdminSession::login('admin', 'harness-admin');
        }
    }

    public function testResolvingACaseNeedsTheTokenAndCompletesItsToDo(): void
    {
        $id = $this->world->domain('vip.ai', ['recurringamount' => 19.99]);
        $this->failed('AfterRegistrarRenewalFailed', $id, 'failed');
        $caseId = (int) Capsule::table(self::TABLE)->value('id');
        $_SERVER['REQUEST_METHOD'] = 'POST';
        try {
            $_POST = ['resolve' => (string) $caseId];
            try {
                Addons::output(self::ADDON);
                $this->fail('a resolve without the token must be refused');
            } catch (TokenRefused) {
                $this->assertSame('open', Capsule::table(self::TABLE)->where('id', $caseId)->value('status'));
            }
            $_POST = ['resolve' => (string) $caseId, 'token' => AdminSession::token()];
            $html = Addons::output(self::ADDON);
        } finally {
            $_POST = [];
            $_SERVER['REQUEST_METHOD'] = 'GET';
        }
        $this->assertStringContainsString('The case is resolved', $html);
        $this->assertStringContainsString('No issues detected.', $html);
        $this->assertSame('resolved', Capsule::table(self::TABLE)->where('id', $caseId)->value('status'));
        $this->assertSame([], $this->todos());
    }

    public function testOnlyRolesGivenAccessOpenThePage(): void
    {
        $this->assertSame(200, \Harness\Admin\ModulePages::addonOutput(self::ADDON)->status);
        $this->dash->loginReadOnlyAdmin();
        $this->assertSame(403, \Harness\Admin\ModulePages::addonOutput(self::ADDON)->status);
    }

    public function testWithToDoItemsSwitchedOffOnlyTheCaseIsKept(): void
    {
        Capsule::table('tbladdonmodules')->where('module', self::ADDON)->where('setting', 'todo')->update(['value' => '']);
        try {
            $id = $this->world->domain('vip.ai', ['recurringamount' => 19.99]);
            $this->failed('AfterRegistrarRenewalFailed', $id, 'failed');
            $this->assertSame([], $this->todos());
            $this->assertSame(1, Capsule::table(self::TABLE)->count());
        } finally {
            Capsule::table('tbladdonmodules')->where('module', self::ADDON)->where('setting', 'todo')->update(['value' => 'on']);
        }
    }
}
