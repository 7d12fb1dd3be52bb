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
 * control API plays the registry's decision.
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

    public function testASuccessfulApplicationBecomesActiveWithItsExpiryDate(): void
    {
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

    public function testAFailedApplicationIsCancelledWithTheReasonBelowTheAdminsNotes(): void
    {
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
}
