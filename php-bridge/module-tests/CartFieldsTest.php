<?php

declare(strict_types=1);

namespace IspapiCore\ModuleTests;

use Harness\Cart;
use Harness\Runtime;
use Harness\Seed;
use IspapiCore\ModuleTests\Support\World;
use PHPUnit\Framework\TestCase;
use WHMCS\Database\Capsule;

/**
 * The TLDs' additional fields through WHMCS's cart (seed 003/004: "Additional Domain Fields",
 * "Auto-prefill fields", "Translations", lang/overrides): the order form shows the fields the
 * module gives, refuses a missing required one, saves them, and RegisterDomain /
 * TransferDomain send them to the API (the simulator in strict mode accepts the commands).
 */
final class CartFieldsTest extends TestCase
{
    private World $world;

    /** @var list<int> tbldomainpricing ids this test added */
    private array $seededTlds = [];

    protected function setUp(): void
    {
        $this->world = World::get();
        $this->world->useApi('ISPAPI');
        $this->world->simulator->control(['reset' => true]);
        foreach (['ca', 'swiss', 'de', 'dk'] as $tld) {
            if (!Capsule::table('tbldomainpricing')->where('extension', ".$tld")->exists()) {
                $this->seededTlds[] = Seed::tld($tld, ['USD' => ['register' => [1 => 10.0], 'transfer' => [1 => 10.0]]], ['autoreg' => 'ispapi']);
            }
        }
        // WHMCS's own fields for .ca (two of those its dist file defines) that ours replace.
        $dir = Runtime::current()->root . '/resources/domains';
        if (!is_dir($dir)) {
            mkdir($dir, 0777, true);
        }
        file_put_contents("$dir/dist.additionalfields.php", "<?php\n"
            . "\$additionaldomainfields['.ca'][] = ['Name' => 'CIRA Agreement', 'Type' => 'tickbox', 'Required' => true];\n"
            . "\$additionaldomainfields['.ca'][] = ['Name' => 'WHOIS Opt-out', 'Type' => 'tickbox'];\n");
    }

    /** The world is shared: the TLDs and files seeded here go, so other tests do not see them. */
    protected function tearDown(): void
    {
        if ($this->seededTlds !== []) {
            Capsule::table('tblpricing')->whereIn('relid', $this->seededTlds)->delete();
            Capsule::table('tbldomainpricing')->whereIn('id', $this->seededTlds)->delete();
        }
        $dist = Runtime::current()->root . '/resources/domains/dist.additionalfields.php';
        if (is_file($dist)) {
            unlink($dist);
        }
    }

    /** @return array<string, array<string, mixed>> name => the field as shown */
    private static function form(string $domain, string $type = 'register', string $language = 'english', ?int $client = null): array
    {
        $shown = [];
        foreach (Cart::domainFields($domain, $type, $language, $client) as $f) {
            $shown[$f['name']] = $f;
        }
        return $shown;
    }

    public function testTheOrderFormShowsEachTldsFieldsInsteadOfWhmcsOwn(): void
    {
        $ca = self::form(World::unique('ca'));
        $this->assertSame(['Legal Type', 'Contact Language', 'Registry Information'], array_keys($ca));
        $this->assertSame('dropdown', $ca['Legal Type']['type']);
        $this->assertTrue($ca['Legal Type']['required']);
        $this->assertContains('CCT', array_column($ca['Legal Type']['options'], 0));

        $swiss = self::form(World::unique('swiss'));
        $this->assertSame(['Enterprise ID', 'Intended use'], array_keys($swiss));
        $this->assertTrue($swiss['Intended use']['required']);

        $this->assertSame(['General Request Contact', 'Abuse Team Contact'], array_keys(self::form(World::unique('de'))));
        // A transfer form has only the fields of a transfer (.ca: no contact language).
        $this->assertSame(['Legal Type'], array_keys(self::form(World::unique('ca'), 'transfer')));
    }

    public function testATldOfAnotherRegistrarKeepsWhmcsFields(): void
    {
        Capsule::table('tbldomainpricing')->where('extension', '.ca')->update(['autoreg' => '']);
        try {
            $this->assertSame(['CIRA Agreement', 'WHOIS Opt-out'], array_keys(self::form(World::unique('ca'))));
        } finally {
            Capsule::table('tbldomainpricing')->where('extension', '.ca')->update(['autoreg' => 'ispapi']);
        }
    }

    public function testFieldsArePrefilledFromTheClientsDataAndCustomFields(): void
    {
        $client = Seed::client(['email' => World::unique('com') . '@example.com', 'country' => 'DK', 'tax_id' => 'DK12345678', 'language' => 'french']);
        $fieldId = Capsule::table('tblcustomfields')->where('type', 'client')->where('fieldname', 'DK-Hostmaster User ID')->value('id')
            ?? Capsule::table('tblcustomfields')->insertGetId(['type' => 'client', 'fieldname' => 'DK-Hostmaster User ID', 'fieldtype' => 'text']);
        Capsule::table('tblcustomfieldsvalues')->insert(['fieldid' => $fieldId, 'relid' => $client, 'value' => 'ABC12-DK']);

        $dk = self::form(World::unique('dk'), 'register', 'english', $client);
        $this->assertSame('DK12345678', $dk['Registrant VAT ID']['default']);
        $this->assertSame('ABC12-DK', $dk['Registrant contact']['default']);
        // .ca's contact language: the client's language, then the page's.
        $this->assertSame('FR', self::form(World::unique('ca'), 'register', 'english', $client)['Contact Language']['default']);
        $this->assertSame('EN', self::form(World::unique('ca'), 'register', 'english')['Contact Language']['default']);
        $this->assertSame('FR', self::form(World::unique('ca'), 'register', 'french')['Contact Language']['default']);
        // Someone else's form is not filled with this client's data.
        $this->assertSame('', self::form(World::unique('dk'), 'register', 'english', $this->world->clientId)['Registrant contact']['default']);
    }

    public function testTheFormSpeaksTheFourLanguagesAndTheAdminsOverridesWin(): void
    {
        $domain = World::unique('ca');
        $this->assertSame('Legal Type', self::form($domain)['Legal Type']['label']);
        $this->assertSame('Rechtsform', self::form($domain, 'register', 'german')['Legal Type']['label']);
        $this->assertSame('Forme juridique', self::form($domain, 'register', 'french')['Legal Type']['label']);
        $this->assertSame('الشكل القانوني', self::form($domain, 'register', 'arabic')['Legal Type']['label']);

        // The admin's lang/overrides/english.php: seed 003's include line, then their own text.
        $dir = Runtime::current()->root . '/lang/overrides';
        if (!is_dir($dir)) {
            mkdir($dir, 0777, true);
        }
        $module = 'include(implode(DIRECTORY_SEPARATOR, [ROOTDIR, "modules", "registrars", "ispapi", "lang", "overrides", "english.php"]));';
        file_put_contents("$dir/english.php", "<?php\n$module\n\$_LANG['ispapi_legal_type'] = 'Kind of registrant';\n");
        try {
            $strings = Cart::languageStrings('english');
            $this->assertSame('Contact Language', $strings['ispapi_contact_language'] ?? null, 'the module\'s file adds its texts');
            $form = self::form($domain);
            $this->assertSame('Kind of registrant', $form['Legal Type']['label']);
            $this->assertSame('Kind of registrant', $form['Legal Type']['definition']['DisplayName']);
        } finally {
            unlink("$dir/english.php");
        }
    }

    public function testAMissingRequiredFieldIsRefusedAndNothingIsOrdered(): void
    {
        $domain = World::unique('swiss');
        $result = Cart::checkout($this->world->clientId, $domain, 'register', ['Enterprise ID' => 'CHE-123.456.789']);
        $this->assertSame(['Missing required field: Intended Use'], $result['errors']);
        $this->assertArrayNotHasKey('domainid', $result);
        $this->assertFalse(Capsule::table('tbldomains')->where('domain', $domain)->exists());
    }

    public function testRegisterDomainGetsTheCartsValuesAndTheApiAcceptsThem(): void
    {
        $domain = World::unique('ca');
        $order = Cart::checkout($this->world->clientId, $domain, 'register', ['Legal Type' => 'CCO'], ['nameservers' => ['ns1.example.net', 'ns2.example.net']]);
        $this->assertSame([], $order['errors']);
        $saved = Capsule::table('tbldomainsadditionalfields')->where('domainid', $order['domainid'])->pluck('value', 'name')->all();
        $this->assertSame(['Legal Type' => 'CCO', 'Contact Language' => 'EN'], $saved);

        $this->assertSame(['success' => true], Cart::accept($order['domainid']));
        $add = $this->command('AddDomain');
        $this->assertStringContainsString("\nX-CA-LEGALTYPE=CCO", $add);
        $this->assertStringContainsString("\nX-CA-LANGUAGE=EN", $add);
        $this->assertSame([], $this->world->simulator->violations());

        $swiss = Cart::checkout($this->world->clientId, World::unique('swiss'), 'register', ['Enterprise ID' => 'CHE-123.456.789', 'Intended use' => 'Our shop']);
        $this->assertSame([], $swiss['errors']);
        $this->assertTrue(Cart::accept($swiss['domainid'])['success'] ?? false);
        $application = $this->command('AddDomainApplication');
        $this->assertStringContainsString("\nX-CORE-INTENDED-USE=Our shop", $application);
        $this->assertSame([], $this->world->simulator->violations());
    }

    public function testTransferDomainGetsTheCartsValuesAndTheApiAcceptsThem(): void
    {
        $domain = 'taken-' . World::unique('de');
        $order = Cart::checkout($this->world->clientId, $domain, 'transfer', ['Abuse Team Contact' => 'abuse@example.de'], ['eppcode' => 'taken-AUTH-1']);
        $this->assertSame([], $order['errors']);
        $this->assertSame(['success' => true], Cart::accept($order['domainid']));
        $this->assertStringContainsString("\nX-DE-ABUSE-CONTACT=mailto:abuse@example.de", $this->command('TransferDomain'));
        $this->assertSame([], $this->world->simulator->violations());
    }

    /**
     * Issue #18: on a CNR account the TLD fields go by CNR's names (tlds.toml cnr_param, from
     * CNR's KB TLD pages and its module's tlds/ files), which the strict simulator checks: .ca's
     * legal type is X-CA-LEGAL-TYPE and CNR has no language parameter; .cn's registrant ID is
     * X-CN-OWNER-ID-*.
     */
    public function testOnCnrRegisterDomainSendsTheFieldsUnderCnrsNames(): void
    {
        $this->world->useApi('CNR');
        $this->world->simulator->control(['clear_log' => true]);
        $ca = $this->world->domain(World::unique('ca'));
        $result = $this->world->call('RegisterDomain', $ca, ['additionalfields' => ['Legal Type' => 'CCO', 'Contact Language' => 'EN']]);
        $this->assertSame(['success' => true], $result);
        $add = $this->command('AddDomain');
        $this->assertStringContainsString("\nX-CA-LEGAL-TYPE=CCO", $add);
        $this->assertStringNotContainsString('X-CA-LEGALTYPE', $add);
        $this->assertStringNotContainsString('X-CA-LANGUAGE', $add);

        $this->world->simulator->control(['clear_log' => true]);
        $cn = $this->world->domain(World::unique('cn'));
        $result = $this->world->call('RegisterDomain', $cn, ['additionalfields' => ['Registrant ID Number' => '110101199001011234', 'Registrant ID Type' => 'SFZ']]);
        $this->assertSame(['success' => true], $result);
        $add = $this->command('AddDomain');
        $this->assertStringContainsString("\nX-CN-OWNER-ID-NUMBER=110101199001011234", $add);
        $this->assertStringContainsString("\nX-CN-OWNER-ID-TYPE=SFZ", $add);
        $this->assertSame([], $this->world->simulator->violations());
    }

    private function command(string $name): string
    {
        $sent = array_values(array_filter($this->world->simulator->received(), static fn (string $t): bool => str_starts_with($t, "COMMAND=$name\n")));
        $this->assertNotEmpty($sent, "$name was sent: " . implode(', ', $this->world->simulator->receivedCommands()));
        return $sent[0];
    }
}
