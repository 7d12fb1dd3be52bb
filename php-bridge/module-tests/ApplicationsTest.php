<?php

declare(strict_types=1);

namespace IspapiCore\ModuleTests;

use Harness\Hooks;
use Harness\Modules;
use Harness\Runtime;
use IspapiCore\ModuleTests\Support\World;
use PHPUnit\Framework\TestCase;
use WHMCS\Database\Capsule;

/**
 * Registrations made as applications (.swiss) followed up by WHMCS's daily cron, as the seed
 * describes: "A cronjob is checking the application status once a day"; succeeded → Active,
 * failed → Cancelled. Through the registrar's hooks.php and the strict simulator, whose
 * control API plays the registry's decision; on both accounts (ISPAPI and CNR each ask
 * StatusDomainApplication and read their own reply), and a registry premium name on ISPAPI,
 * which is applied for (AddDomainApplication CLASS, PRICE, CURRENCY) and followed the same way.
 */
final class ApplicationsTest extends TestCase
{
    private const FIELDS = ['additionalfields' => ['Enterprise ID' => 'CHE-123.456.789', 'Intended use' => 'Our shop']];
    private const ADMIN_NOTES = "Customer called on Monday.\n";

    private World $world;

    protected function setUp(): void
    {
        $this->world = World::get();
        $this->world->useApi('ISPAPI');
        $this->world->simulator->control(['reset' => true]);
    }

    /** WHMCS's daily cron hook point with the registrar's hooks.php (only) loaded. */
    private function dailyCron(): void
    {
        Hooks::reset();
        Modules::includeOnce(Runtime::current()->root . '/modules/registrars/ispapi/hooks.php');
        Hooks::run('DailyCronJob', []);
    }

    /** A .swiss domain applied for, pending, with the admin's own notes. */
    private function application(string $status): array
    {
        $name = World::unique('swiss');
        $id = $this->world->domain($name, ['status' => $status, 'additionalnotes' => self::ADMIN_NOTES]);
        $result = $this->world->call('RegisterDomain', $id, self::FIELDS);
        $this->assertTrue($result['pending'] ?? false, json_encode($result));
        return [$id, $name];
    }

    /** How often the simulator was asked for this domain's application since the log was cleared. */
    private function asked(int $id): int
    {
        preg_match('/ApplicationID:(\d+)/', (string) $this->row($id)->additionalnotes, $m);
        $this->assertNotEmpty($m, 'the notes carry the application id');
        return \count(array_filter(
            $this->world->simulator->received(),
            static fn (string $text): bool => str_contains($text, 'COMMAND=StatusDomainApplication')
                && preg_match('/^APPLICATION=' . $m[1] . '$/m', $text) === 1
        ));
    }

    private function row(int $id): object
    {
        return Capsule::table('tbldomains')->where('id', $id)->first(['status', 'expirydate', 'additionalnotes']);
    }

    /** @return array<string, array{string}> */
    public static function apis(): array
    {
        return ['ISPAPI' => ['ISPAPI'], 'CNR' => ['CNR']];
    }

    /**
     * Issue #18: each API's own form of a .swiss application. ISPAPI: CLASS=GOLIVE (the original
     * module). CNR: CLASS=SWISS-GOLIVE with the nameservers, no TRANSFERLOCK (CNR's .swiss page,
     * wiki.rrpproxy.net/domains/tlds/swiss; its module's tlds/swiss.php).
     *
     * @dataProvider apis
     */
    public function testSwissIsAppliedForInEachApisOwnForm(string $api): void
    {
        $this->world->useApi($api);
        $this->world->simulator->control(['clear_log' => true]);
        $this->application('Pending');
        $sent = array_values(array_filter(
            $this->world->simulator->received(),
            static fn (string $text): bool => str_starts_with($text, "COMMAND=AddDomainApplication\n")
        ));
        $this->assertCount(1, $sent);
        $class = $api === 'CNR' ? 'SWISS-GOLIVE' : 'GOLIVE';
        $this->assertMatchesRegularExpression("/^CLASS=$class$/m", $sent[0]);
        $this->assertMatchesRegularExpression('/^NAMESERVER0=\S+$/m', $sent[0]);
        if ($api === 'CNR') {
            $this->assertDoesNotMatchRegularExpression('/^TRANSFERLOCK=/m', $sent[0]);
        }
    }

    /** @dataProvider apis */
    public function testASuccessfulApplicationBecomesActiveWithItsExpiryDate(string $api): void
    {
        $this->world->useApi($api);
        [$id, $name] = $this->application('Pending');
        $notes = $this->row($id)->additionalnotes;
        $this->world->simulator->control(['clear_log' => true]);

        // The registry has not decided yet: asked, nothing changes.
        $this->dailyCron();
        $this->assertSame(1, $this->asked($id));
        $this->assertSame('Pending', $this->row($id)->status);

        $decided = $this->world->simulator->control(['decide_application' => ['domain' => $name, 'status' => 'SUCCESSFUL']]);
        $this->assertTrue($decided['decided_application']);
        $this->dailyCron();
        $row = $this->row($id);
        $this->assertSame('Active', $row->status);
        $expiry = strtotime((string) $row->expirydate);
        $this->assertGreaterThan(time() + 300 * 86400, $expiry, (string) $row->expirydate);
        $this->assertLessThan(time() + 430 * 86400, $expiry, (string) $row->expirydate);
        $this->assertSame($notes, $row->additionalnotes, 'the notes stay as they were');
        $log = (string) Capsule::table('tblactivitylog')->orderBy('id', 'desc')->value('description');
        $this->assertStringContainsString("of $name succeeded; the domain is Active until", $log);
    }

    /** @dataProvider apis */
    public function testAFailedApplicationIsCancelledWithTheReasonBelowTheAdminsNotes(string $api): void
    {
        $this->world->useApi($api);
        [$id, $name] = $this->application('Pending Registration');
        // A pending domain whose notes name no application is left alone.
        $other = $this->world->domain(World::unique('com'), ['status' => 'Pending', 'additionalnotes' => 'Waiting for the customer.']);
        $this->world->simulator->control(['decide_application' => ['domain' => $name, 'status' => 'FAILED']]);
        $this->world->simulator->control(['clear_log' => true]);

        $this->dailyCron();
        $this->assertSame(1, $this->asked($id));
        $row = $this->row($id);
        $this->assertSame('Cancelled', $row->status);
        $this->assertStringStartsWith(self::ADMIN_NOTES, $row->additionalnotes);
        $this->assertMatchesRegularExpression('/ApplicationID:\d+\nApplication \d+ FAILED on \d{4}-\d\d-\d\d/', $row->additionalnotes);
        $this->assertSame('Pending', $this->row($other)->status);
        $this->assertSame('Waiting for the customer.', $this->row($other)->additionalnotes);

        // Cancelled: the next day's cron does not ask again.
        $this->world->simulator->control(['clear_log' => true]);
        $this->dailyCron();
        $this->assertSame(0, $this->asked($id));
    }

    /**
     * ISPAPI: a registry premium name is applied for at the registry's price, as the original
     * module did (ADDDOMAINAPPLICATION.md: CLASS, PRICE, CURRENCY; ADDDOMAIN.md has no CLASS,
     * which the strict simulator refuses), and the daily follow-up makes it Active.
     */
    public function testARegistryPremiumNameIsAppliedForAndBecomesActive(): void
    {
        \WHMCS\Config\Setting::setValue('PremiumDomains', 'on');
        try {
            // chat.ai: a PREMIUM_AI_A name of the demo catalog no other test uses (LookupTest,
            // FlavourTest and RegistrarTest expect gold.ai still free in the same simulator).
            $id = $this->world->domain('chat.ai', ['status' => 'Pending', 'is_premium' => 1, 'registrationperiod' => 2]);
            \Harness\Seed::domainExtra($id, 'registrarCostPrice', '1.00');
            $refused = $this->world->call('RegisterDomain', $id);
            $this->assertSame(1, preg_match('/is now ([0-9.]+) /', (string) ($refused['error'] ?? ''), $m), json_encode($refused));
            \Harness\Seed::domainExtra($id, 'registrarCostPrice', $m[1]);
            $this->world->simulator->control(['clear_log' => true]);
            $result = $this->world->call('RegisterDomain', $id);
            $this->assertTrue($result['pending'] ?? false, json_encode($result));
            $this->assertNotContains('AddDomain', $this->world->simulator->receivedCommands());
            $apply = array_values(array_filter($this->world->simulator->received(), static fn ($t) => str_starts_with($t, 'COMMAND=AddDomainApplication')));
            $this->assertCount(1, $apply);
            $this->assertStringContainsString("CLASS=PREMIUM_AI_A\n", $apply[0] . "\n");
            $this->assertMatchesRegularExpression('/^PRICE=' . preg_quote($m[1], '/') . '$/m', $apply[0]);
            $this->assertMatchesRegularExpression('/^CURRENCY=[A-Z]{3}$/m', $apply[0]);

            $this->world->simulator->control(['decide_application' => ['domain' => 'chat.ai', 'status' => 'SUCCESSFUL']]);
            $this->world->simulator->control(['clear_log' => true]);
            $this->dailyCron();
            $this->assertSame(1, $this->asked($id));
            $this->assertSame('Active', $this->row($id)->status);
        } finally {
            \WHMCS\Config\Setting::setValue('PremiumDomains', '');
        }
    }
}
