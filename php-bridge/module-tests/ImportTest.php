<?php

declare(strict_types=1);

namespace IspapiCore\ModuleTests;

use Harness\Params;
use Harness\Seed;
use Harness\Whmcs;
use IspapiCore\DomainImport;
use IspapiCore\ModuleTests\Support\World;
use PHPUnit\Framework\TestCase;
use WHMCS\Database\Capsule;

/**
 * Importing the API account's domains with the CLI an admin runs, against the simulator's demo
 * account (a few hundred domains, a few of them ID-protected).
 */
final class ImportTest extends TestCase
{
    protected function setUp(): void
    {
        World::get();
        if (!Capsule::table('tblpaymentgateways')->exists()) {
            Seed::paymentGateway('banktransfer', 'Bank Transfer', 1);
            Seed::paymentGateway('paypal', 'PayPal', 2);
        }
    }

    /** @return array{exit: int, out: string} the installed import.php, run from the WHMCS root */
    private function import(World $world, string ...$args): array
    {
        return self::runScript("$world->dir/whmcs/modules/registrars/ispapi/import.php", "$world->dir/whmcs", ...$args);
    }

    /** @return array{exit: int, out: string} */
    private static function runScript(string $script, string $cwd, string ...$args): array
    {
        $command = array_merge([PHP_BINARY, '-d', 'extension=' . \dirname(__DIR__, 2) . '/target/release/libispapi_core_php.so',
            $script], $args);
        $process = proc_open($command, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, $cwd);
        $out = stream_get_contents($pipes[1]) . stream_get_contents($pipes[2]);
        return ['exit' => proc_close($process), 'out' => $out];
    }

    /**
     * A domain registered at the API for a registrant with this address, that WHMCS does not
     * know (neither the domain nor a client with the address).
     */
    private static function registeredElsewhere(string $email, string $first, string $last): string
    {
        $owner = Seed::client(['firstname' => $first, 'lastname' => $last, 'email' => $email]);
        $name = World::unique('com');
        $id = Seed::domain($owner, $name);
        self::assertSame(['success' => true], Whmcs::callRegistrar('RegisterDomain', Params::forDomain($id)));
        Capsule::table('tbldomains')->where('id', $id)->delete();
        Capsule::table('tblclients')->where('id', $owner)->delete();
        return $name;
    }

    /** @return array{int, int, int} imported, skipped, failed from the summary line */
    private static function counts(string $out): array
    {
        self::assertMatchesRegularExpression('/(?:Imported|Would import) (\d+) domain.*; (\d+) skipped.*; (\d+) failed/', $out);
        preg_match('/(?:Imported|Would import) (\d+) domain.*; (\d+) skipped.*; (\d+) failed/', $out, $m);
        return [(int) $m[1], (int) $m[2], (int) $m[3]];
    }

    private static function snapshot(): array
    {
        return [Capsule::table('tbldomains')->count(), Capsule::table('tblclients')->count(),
            Capsule::table('tbltransientdata')->where('name', DomainImport::CURSOR)->count()];
    }

    public function testTheAccountsDomainsAreImportedOnceWithTheirOwnersAndIdProtection(): void
    {
        $world = World::get();
        $world->useApi('ISPAPI');
        // A domain of the test client at the registrar that WHMCS has lost: the client has the
        // registrant's e-mail address, so it gets the domain back once the admin confirms it.
        $lost = World::unique('com');
        $id = $world->domain($lost);
        $this->assertSame(['success' => true], $world->call('RegisterDomain', $id));
        Capsule::table('tbldomains')->where('id', $id)->delete();
        \Harness\Seed::tld('.de', ['USD' => ['register' => [1 => 5.00], 'renew' => [1 => 6.50]]]);

        $before = self::snapshot();
        $dry = $this->import($world, '--batch=40');
        $this->assertContains($dry['exit'], [0, 2], $dry['out']);
        $this->assertStringContainsString('Dry run', $dry['out']);
        $this->assertSame($before, self::snapshot(), 'a dry run changes nothing');
        [$wouldImport] = self::counts($dry['out']);
        $this->assertGreaterThan(200, $wouldImport, $dry['out']);
        $this->assertGreaterThan(3, substr_count($dry['out'], ' domains read: '), 'a progress line per page');
        $this->assertStringContainsString("$lost -> not imported: an existing client #$world->clientId has this e-mail", $dry['out']);

        $run = $this->import($world, '--apply', '--batch=40');
        $this->assertContains($run['exit'], [0, 2], $run['out']);
        [$imported] = self::counts($run['out']);
        $this->assertSame($wouldImport, $imported, $run['out']);
        $this->assertSame($before[0] + $imported, Capsule::table('tbldomains')->count());
        $this->assertSame(0, Capsule::table('tbltransientdata')->where('name', DomainImport::CURSOR)->count(), 'a finished run leaves no cursor');
        $this->assertNull(Capsule::table('tbldomains')->where('domain', $lost)->first(), 'not confirmed, not given');

        $confirmed = $this->import($world, '--apply', '--batch=40', "--match-clients=$world->clientId");
        [$matched] = self::counts($confirmed['out']);
        $this->assertGreaterThanOrEqual(1, $matched, $confirmed['out']);
        $this->assertStringContainsString("$lost -> existing client #$world->clientId (john.doe@example.com)", $confirmed['out']);
        $imported += $matched;
        $row = Capsule::table('tbldomains')->where('domain', $lost)->first();
        $this->assertNotNull($row, $confirmed['out']);
        $this->assertSame($world->clientId, (int) $row->userid);
        $this->assertSame('ispapi', $row->registrar);
        $this->assertSame('Active', $row->status);
        $this->assertNotSame('0000-00-00', (string) $row->expirydate);
        $this->assertSame((string) $row->expirydate, (string) $row->nextduedate);

        $rows = Capsule::table('tbldomains')->where('additionalnotes', 'Imported from the ISPAPI account.');
        $this->assertGreaterThan(10, (clone $rows)->where('idprotection', 1)->count(), 'ID protection is carried over');
        $this->assertGreaterThan(0, (clone $rows)->where('idprotection', 0)->count());
        $de = (clone $rows)->where('domain', 'like', '%.de')->first();
        $this->assertEqualsWithDelta(6.50, (float) $de->recurringamount, 0.001, 'the TLD renewal price is invoiced');
        $this->assertNotNull(Capsule::table('tbldomains')->where('domain', 'münchen.de')->first(), 'IDNs are stored in Unicode');
        $this->assertSame('banktransfer', (string) $de->paymentmethod, 'the first activated gateway invoices it');
        $owner = Capsule::table('tblclients')->where('id', $de->userid)->first();
        $this->assertNotSame('', (string) $owner->password, 'WHMCS 8 needs a password for the new user');
        $this->assertNotSame('', (string) $owner->email);
        $this->assertNotSame('', (string) $owner->country);
        // One client per registrant e-mail: none is created twice, also across pages.
        $this->assertSame(
            Capsule::table('tblclients')->count(),
            Capsule::table('tblclients')->distinct()->count(Capsule::raw('LOWER(email)'))
        );

        $again = $this->import($world, '--apply', '--batch=40');
        [$reImported, $reSkipped] = self::counts($again['out']);
        $this->assertSame(0, $reImported, $again['out']);
        $this->assertGreaterThanOrEqual($imported, $reSkipped, $again['out']);
        $this->assertSame($before[0] + $imported, Capsule::table('tbldomains')->count(), 'a re-run imports nothing twice');
    }

    public function testAClientWhoSignedUpWithTheRegistrantsEmailDoesNotGetTheDomain(): void
    {
        $world = World::get();
        $world->useApi('ISPAPI');
        $email = 'registrant-' . bin2hex(random_bytes(4)) . '@example.org';
        $name = self::registeredElsewhere($email, 'Rita', 'Registrant');
        // Someone signs up with the address from the public WHOIS before the admin imports.
        $signup = Seed::client(['firstname' => 'Mallory', 'lastname' => 'Signup', 'email' => strtoupper($email)]);

        $run = $this->import($world, '--apply');
        $this->assertContains($run['exit'], [0, 2], $run['out']);
        $this->assertSame(
            0,
            Capsule::table('tbldomains')->where('domain', $name)->where('userid', $signup)->count(),
            "the sign-up received the domain:\n" . $run['out']
        );
        $this->assertStringContainsString(
            "$name -> not imported: an existing client #$signup has this e-mail ($email); --match-clients=$signup to give it to them",
            $run['out']
        );

        $dry = $this->import($world);
        $this->assertStringContainsString("$name -> not imported: an existing client #$signup has this e-mail", $dry['out']);
        // Another client's ID confirms nothing for this domain.
        $other = $this->import($world, '--apply', '--match-clients=' . $world->clientId);
        $this->assertSame(0, Capsule::table('tbldomains')->where('domain', $name)->count(), $other['out']);

        // The admin checked client #$signup and confirms it.
        $confirmed = $this->import($world, '--apply', "--match-clients=$world->clientId,$signup");
        $this->assertStringContainsString("$name -> existing client #$signup ($email)", $confirmed['out']);
        $this->assertSame($signup, (int) Capsule::table('tbldomains')->where('domain', $name)->value('userid'), $confirmed['out']);
    }

    public function testTheDryRunListsEachDomainWithItsClient(): void
    {
        $world = World::get();
        $world->useApi('ISPAPI');
        $email = 'newcomer-' . bin2hex(random_bytes(4)) . '@example.org';
        $new = self::registeredElsewhere($email, 'Nina', 'Newcomer');
        $lost = World::unique('com');
        $id = $world->domain($lost);
        $this->assertSame(['success' => true], $world->call('RegisterDomain', $id));
        Capsule::table('tbldomains')->where('id', $id)->delete();

        $dry = $this->import($world);
        $this->assertContains($dry['exit'], [0, 2], $dry['out']);
        $this->assertStringContainsString("\n$new -> new client \"Nina Newcomer <$email>\"\n", $dry['out']);
        $this->assertStringContainsString("\n$lost -> not imported: an existing client #$world->clientId has this e-mail"
            . " (john.doe@example.com); --match-clients=$world->clientId to give it to them\n", $dry['out']);
        $all = $this->import($world, '--match-clients=all');
        $this->assertStringContainsString("\n$lost -> existing client #$world->clientId (john.doe@example.com)\n", $all['out']);
        $this->assertStringContainsString("\n$new -> new client \"Nina Newcomer <$email>\"\n", $all['out']);
        $this->assertNull(Capsule::table('tbldomains')->where('domain', $lost)->first(), 'a dry run changes nothing');

        $help = $this->import($world, '--help');
        $this->assertSame(0, $help['exit']);
        $this->assertStringContainsString('--match-clients=all|ID,ID', $help['out']);
        $bad = $this->import($world, '--match-clients=everyone');
        $this->assertSame(1, $bad['exit'], $bad['out']);
        $this->assertStringContainsString('unknown option --match-clients=everyone', $bad['out']);
    }

    public function testAnInitPhpInTheCurrentDirectoryIsNeverRun(): void
    {
        $world = World::get();
        $world->useApi('ISPAPI');
        $elsewhere = "$world->dir/elsewhere";
        @mkdir($elsewhere, 0700, true);
        $marker = "$elsewhere/hostile-init-ran";
        file_put_contents("$elsewhere/init.php", '<?php file_put_contents(' . var_export($marker, true) . ', "ran");');

        $dry = self::runScript("$world->dir/whmcs/modules/registrars/ispapi/import.php", $elsewhere);
        $this->assertFileDoesNotExist($marker, $dry['out']);
        $this->assertContains($dry['exit'], [0, 2], $dry['out']);
        $this->assertMatchesRegularExpression('/Would import \d+ domain/', $dry['out'], 'the real WHMCS was used');

        // A copy outside a WHMCS root (as a symlinked module is): one clear sentence, or --whmcs-root.
        $outside = "$world->dir/release/modules/registrars/ispapi/import.php";
        $lost = self::runScript($outside, $elsewhere);
        $this->assertSame(1, $lost['exit'], $lost['out']);
        $this->assertStringContainsString("WHMCS's init.php is not at $world->dir/release", $lost['out']);
        $this->assertStringContainsString('--whmcs-root=DIR', $lost['out']);
        $rooted = self::runScript($outside, $elsewhere, "--whmcs-root=$world->dir/whmcs");
        $this->assertContains($rooted['exit'], [0, 2], $rooted['out']);
        $this->assertMatchesRegularExpression('/Would import \d+ domain/', $rooted['out']);
        $wrong = self::runScript($outside, $elsewhere, "--whmcs-root=$world->dir");
        $this->assertSame(1, $wrong['exit'], $wrong['out']);
        $this->assertStringContainsString('holds no init.php', $wrong['out']);
        $this->assertFileDoesNotExist($marker);
    }

    public function testAnInterruptedRunContinuesAtItsCursor(): void
    {
        $world = World::get();
        $world->useApi('ISPAPI');
        Capsule::table('tbltransientdata')->insert(['name' => DomainImport::CURSOR, 'data' => '200', 'expires' => time() + 60]);
        $run = $this->import($world, '--apply', '--batch=40');
        $this->assertContains($run['exit'], [0, 2], $run['out']);
        preg_match('/^(\d+) of (\d+) domains read/m', $run['out'], $m);
        $this->assertSame('240', $m[1] ?? null, 'the first page starts at the saved position: ' . $run['out']);
        $this->assertSame(0, Capsule::table('tbltransientdata')->where('name', DomainImport::CURSOR)->count());
    }

    public function testAFailingApiStopsTheRunAndKeepsTheCursor(): void
    {
        $world = World::get();
        $world->useApi('ISPAPI');
        $world->simulator->control(['fault' => 'auth_530', 'command' => 'QueryDomainList', 'after' => 1, 'times' => 5]);
        try {
            $run = $this->import($world, '--apply', '--batch=40');
        } finally {
            $world->simulator->control(['reset' => true]);
        }
        $this->assertSame(1, $run['exit'], $run['out']);
        $this->assertStringContainsString('run the same command again to continue', $run['out']);
        $this->assertSame('40', (string) Capsule::table('tbltransientdata')->where('name', DomainImport::CURSOR)->value('data'));
        Capsule::table('tbltransientdata')->where('name', DomainImport::CURSOR)->delete();
    }

    public function testTheAdminChoosesTheGatewayAndCurrencyAndAWrongOneStopsBeforeAnything(): void
    {
        $world = World::get();
        $world->useApi('ISPAPI');
        $before = self::snapshot();
        $wrong = $this->import($world, '--apply', '--gateway=stripe');
        $this->assertSame(1, $wrong['exit'], $wrong['out']);
        $this->assertStringContainsString("'stripe' is not an activated payment gateway; activated: banktransfer, paypal.", $wrong['out']);
        $money = $this->import($world, '--apply', '--currency=XYZ');
        $this->assertSame(1, $money['exit'], $money['out']);
        $this->assertStringContainsString("'XYZ' is not a currency WHMCS has", $money['out']);
        $this->assertSame($before, self::snapshot(), 'nothing imported');

        $name = self::registeredElsewhere('eur-' . bin2hex(random_bytes(3)) . '@example.net', 'Erika', 'Euro');
        $run = $this->import($world, '--apply', '--batch=100', '--gateway=paypal', '--currency=eur');
        $this->assertStringContainsString('Payment gateway: paypal; currency: EUR', $run['out']);
        $row = Capsule::table('tbldomains')->where('domain', $name)->first();
        $this->assertNotNull($row, $run['out']);
        $this->assertSame('paypal', (string) $row->paymentmethod);
        $eur = (int) Capsule::table('tblcurrencies')->where('code', 'EUR')->value('id');
        $this->assertSame($eur, (int) Capsule::table('tblclients')->where('id', $row->userid)->value('currency'));
    }

    public function testWithoutAnActivatedGatewayTheImportDoesNotStart(): void
    {
        $world = World::get();
        $world->useApi('ISPAPI');
        $gateways = Capsule::table('tblpaymentgateways')->get()->map(static fn ($r): array => (array) $r)->all();
        Capsule::table('tblpaymentgateways')->delete();
        try {
            $run = $this->import($world, '--apply');
        } finally {
            Capsule::table('tblpaymentgateways')->insert($gateways);
        }
        $this->assertSame(1, $run['exit'], $run['out']);
        $this->assertStringContainsString('WHMCS has no activated payment gateway', $run['out']);
    }

    /**
     * CNR: its QueryDomainList names the domains only (KB), so each new one is read with
     * StatusDomain, and ID protection comes from X-WHOIS-PRIVACY (CNR's module). Last in the
     * class: it imports what the other tests left at the API.
     */
    public function testOnCnrEachNewDomainIsReadWithStatusDomainAndItsIdProtectionCarried(): void
    {
        $world = World::get();
        $world->useApi('CNR');
        try {
            $names = [];
            foreach ([1, 0] as $protected) {
                $owner = Seed::client(['firstname' => 'Cnr', 'lastname' => "Owner$protected", 'email' => "cnr-owner-$protected-" . getmypid() . '@example.org']);
                $name = World::unique('com');
                $id = Seed::domain($owner, $name);
                Capsule::table('tbldomains')->where('id', $id)->update(['idprotection' => $protected]);
                $this->assertSame(['success' => true], Whmcs::callRegistrar('RegisterDomain', Params::forDomain($id)));
                Capsule::table('tbldomains')->where('id', $id)->delete();
                Capsule::table('tblclients')->where('id', $owner)->delete();
                $names[$protected] = $name;
            }
            $world->simulator->control(['clear_log' => true]);
            $run = $this->import($world, '--apply', '--batch=40');
            $this->assertContains($run['exit'], [0, 2], $run['out']);
            foreach ($names as $protected => $name) {
                $row = Capsule::table('tbldomains')->where('domain', $name)->first();
                $this->assertNotNull($row, $run['out']);
                $this->assertSame($protected, (int) $row->idprotection, "$name: X-WHOIS-PRIVACY");
                $this->assertSame('Imported from the CentralNic Reseller account.', (string) $row->additionalnotes);
                $this->assertNotSame('0000-00-00', (string) $row->expirydate, 'PAIDUNTILDATE');
                $owner = Capsule::table('tblclients')->where('id', $row->userid)->first();
                $this->assertSame("cnr-owner-$protected-" . getmypid() . '@example.org', (string) $owner->email);
            }
            $lists = array_values(array_filter($world->simulator->received(), static fn ($t) => str_starts_with($t, "COMMAND=QueryDomainList\n")));
            $this->assertNotEmpty($lists);
            foreach ($lists as $list) {
                $this->assertStringNotContainsString('VERSION', $list, 'ISPAPI\'s list form is not sent to CNR');
            }
            $this->assertContains('StatusDomain', $world->simulator->receivedCommands());
        } finally {
            $world->useApi('ISPAPI');
        }
    }
}
