<?php

declare(strict_types=1);

namespace IspapiCore\ModuleTests;

use Harness\AdminSession;
use Harness\Cart;
use Harness\ClientArea;
use IspapiCore\ModuleTests\Support\World;
use PHPUnit\Framework\TestCase;

/**
 * The registrar module's texts in the reader's language (issue #20 item 8; seed: "Fully
 * Translated (AR, DE, EN, FR)", "Customizable Translations"): the client-area pages rendered
 * from the module's templates as the client's request, the settings page as the admin's, and
 * the admin's overrides in lang/overrides/<language>.php.
 */
final class TranslationTest extends TestCase
{
    private World $world;

    protected function setUp(): void
    {
        $this->world = World::get();
        $this->world->useApi('ISPAPI', ['DNSSEC' => 'on', 'WebApps' => 'on', 'ERRP' => 'on', 'WhoisOutput' => 'on']);
        $this->world->simulator->control(['reset' => true]);
        $_SERVER['REQUEST_METHOD'] = 'GET';
        $_POST = [];
    }

    protected function tearDown(): void
    {
        $_SERVER['REQUEST_METHOD'] = 'GET';
        $_POST = [];
        AdminSession::logout();
    }

    /** A registered domain of the test client. */
    private function domain(string $tld = 'com', array $fields = [], array $columns = []): int
    {
        $id = $this->world->domain(World::unique($tld), $columns);
        foreach ($fields as $name => $value) {
            \Harness\Seed::additionalField($id, $name, $value);
        }
        $this->assertSame(['success' => true], $this->world->call('RegisterDomain', $id));
        return $id;
    }

    private function page(string $page, int $id, string $language): string
    {
        // The harness keeps the session's CSRF token in the admin session (World::postPage).
        AdminSession::login('admin', 'harness-admin');
        return ClientArea::modulePage($page, $id, $language, $this->world->clientId);
    }

    public function testAGermanClientSeesTheDomainPagesInGerman(): void
    {
        $dnssec = $this->page('dnssec', $this->domain(), 'german');
        foreach (['DNSSEC-Verwaltung', 'DS-Einträge', 'DNSKEY-Einträge', 'Schlüssel-Tag', 'Öffentlicher Schlüssel', '>Speichern</button>'] as $text) {
            $this->assertStringContainsString($text, $dnssec);
        }
        foreach (['DS records', 'Key tag', '>Save</button>', 'Clear a row'] as $english) {
            $this->assertStringNotContainsString($english, $dnssec);
        }

        $privacy = $this->page('whoisprivacy', $this->domain('ca', ['Legal Type' => 'CCT', 'Contact Language' => 'EN']), 'german');
        $this->assertStringContainsString('WHOIS-Datenschutz', $privacy);
        $this->assertStringContainsString('Meine Daten im WHOIS', $privacy);
        $this->assertStringNotContainsString('my data in WHOIS', $privacy);

        $webapps = $this->page('webapps', $this->domain('com', [], ['dnsmanagement' => 0]), 'german');
        $this->assertStringContainsString('Web-Apps', $webapps);
        $this->assertStringContainsString('Die DNS-Verwaltung ist für', $webapps, 'the core\'s message too');

        $this->assertSame('dnssec', $this->world->call('ClientAreaCustomButtonArray', $this->domain())['DNSSEC Management'] ?? null, 'English without a language');
        $buttons = Cart::asClient($this->world->clientId, 'german', fn () => $this->world->call('ClientAreaCustomButtonArray', $this->domain()));
        $this->assertSame('webapps', $buttons['Web-Apps'] ?? null, json_encode($buttons));
    }

    public function testAnArabicClientSeesArabicRightToLeft(): void
    {
        $html = $this->page('dnssec', $this->domain(), 'arabic');
        $this->assertStringContainsString('dir="rtl"', $html);
        $this->assertStringContainsString('إدارة DNSSEC', $html);
        $this->assertStringContainsString('>حفظ</button>', $html);
        $this->assertStringContainsString('dir="ltr"', $this->page('dnssec', $this->domain(), 'german'));
    }

    public function testTheClientsErrorSentenceIsInTheirLanguage(): void
    {
        $id = $this->domain();
        // Settings the core refuses (no password): the client reads one sentence, the admin the log.
        $this->world->useApi('ISPAPI', ['DNSSEC' => 'on', 'Password' => '']);
        $html = $this->page('dnssec', $id, 'german');
        $this->assertStringContainsString('Die Anfrage konnte nicht ausgeführt werden; die Einzelheiten stehen im Modulprotokoll.', $html);
        $this->assertStringNotContainsString('password', $html);
        $this->assertStringContainsString('dir="rtl"', $this->page('dnssec', $id, 'arabic'));
    }

    public function testAnUnknownLanguageFallsBackToEnglish(): void
    {
        $html = $this->page('dnssec', $this->domain(), 'danish');
        $this->assertStringContainsString('DNSSEC Management', $html);
        $this->assertStringContainsString('>Save</button>', $html);
        $this->assertStringContainsString('dir="ltr"', $html);
    }

    /** Seed: "Customizable Translations": the admin's $_LANG['ispapi_…'] in lang/overrides wins. */
    public function testTheAdminsOverrideInLangOverridesWins(): void
    {
        $file = ROOTDIR . '/lang/overrides/german.php';
        $before = is_file($file) ? (string) file_get_contents($file) : null;
        if (!is_dir(\dirname($file))) {
            mkdir(\dirname($file), 0777, true);
        }
        file_put_contents($file, ($before ?? "<?php\n") . "\n\$_LANG['ispapi_dnssec_title'] = 'Unsere DNSSEC-Seite';\n");
        try {
            $html = $this->page('dnssec', $this->domain(), 'german');
            $this->assertStringContainsString('Unsere DNSSEC-Seite', $html);
            $this->assertStringNotContainsString('DNSSEC-Verwaltung', $html);
            $this->assertStringContainsString('DS-Einträge', $html, 'the other texts stay German');
            $this->assertStringContainsString('DNSSEC Management', $this->page('dnssec', $this->domain(), 'english'), 'the German override only');
        } finally {
            $before === null ? unlink($file) : file_put_contents($file, $before);
        }
    }

    public function testTheSettingsPageIsInTheAdminsLanguage(): void
    {
        $adminId = (int) \WHMCS\Database\Capsule::table('tbladmins')->where('username', 'admin')->value('id');
        \WHMCS\Database\Capsule::table('tbladmins')->where('id', $adminId)->update(['language' => 'french']);
        try {
            AdminSession::loginAs($adminId);
            $config = \Harness\Registrars::configArray('ispapi');
            $this->assertSame('Utiliser le système de test', $config['TestMode']['FriendlyName']);
            $this->assertSame("Se connecter au système de test OT&E au lieu du système réel", $config['TestMode']['Description']);
            $this->assertStringStartsWith('Le module de registraire', $config['Description']['Value']);
            $this->assertSame('yesno', $config['TestMode']['Type'], 'only the texts change');

            // Saving settings the core refuses: the reason in French, nothing saved.
            $settings = \Harness\Registrars::settings('ispapi');
            try {
                \Harness\Registrars::save('ispapi', ['AllowPlainHttp' => ''] + $settings, true);
                $this->fail('an http:// API URL was saved without "Allow plain HTTP"');
            } catch (\WHMCS\Exception\Module\InvalidConfiguration $e) {
                $this->assertStringContainsString('circulerait donc en clair', $e->getMessage());
                $this->assertStringContainsString('Autoriser HTTP non chiffré', $e->getMessage());
            }
            $this->assertSame($settings, \Harness\Registrars::settings('ispapi'));
            AdminSession::logout();
            $this->assertSame('Use test system', \Harness\Registrars::configArray('ispapi')['TestMode']['FriendlyName'], 'without an admin: the system default');
        } finally {
            \WHMCS\Database\Capsule::table('tbladmins')->where('id', $adminId)->update(['language' => 'english']);
        }
    }

    public function testTheCoresValidationMessagesAreInTheClientsLanguage(): void
    {
        $id = $this->domain();
        $bad = Cart::asClient($this->world->clientId, 'german', fn () => $this->world->postPage('errp', $id, ['fields' => ['X-ERRP-URL' => 'javascript:alert(1)']]));
        $this->assertSame('Es wurde nichts geändert; korrigieren Sie die Felder unten.', $bad['vars']['error']);
        $this->assertSame(['Website des Dienstanbieters: eine http://- oder https://-Adresse.'], $bad['vars']['errors']);
        $html = ClientArea::moduleTemplate('ispapi', $bad);
        $this->assertStringContainsString('Website des Dienstanbieters', $html);
        $this->assertStringContainsString('Ablaufhinweise (ERRP)', $html);

        $ds = ['keytag' => '2371', 'alg' => '13', 'digesttype' => '2', 'digest' => str_repeat('AB', 31)];
        $dnssec = Cart::asClient($this->world->clientId, 'french', fn () => $this->world->postPage('dnssec', $id, ['ds' => [$ds], 'key' => [['flags' => '257', 'protocol' => '3', 'alg' => '13', 'pubkey' => '']], 'maxsiglife' => '0']));
        $this->assertSame([
            'Enregistrement DS 1 : un condensé SHA-256 compte 64 chiffres hexadécimaux, celui-ci en a 62.',
            'Durée de vie de la signature : de 1 à 2147483647.',
        ], $dnssec['vars']['errors'], json_encode($dnssec['vars'], JSON_UNESCAPED_UNICODE));
    }

    /** The admin domain page's buttons and rows (AdminCustomButtonArray, AdminDomainsTabFields) in the admin's language. */
    public function testTheAdminsDomainButtonsAndRowsAreInTheAdminsLanguage(): void
    {
        $adminId = (int) \WHMCS\Database\Capsule::table('tbladmins')->where('username', 'admin')->value('id');
        $active = $this->domain();
        $pending = $this->world->domain(World::unique('com'), ['status' => 'Pending Transfer']);
        \WHMCS\Database\Capsule::table('tbladmins')->where('id', $adminId)->update(['language' => 'german']);
        try {
            AdminSession::loginAs($adminId);
            $buttons = $this->world->call('AdminCustomButtonArray', $active);
            $this->assertSame(['Sperren' => 'SuspendDomain', 'Sperre aufheben' => 'UnsuspendDomain'], $buttons);
            $buttons = $this->world->call('AdminCustomButtonArray', $pending);
            $this->assertSame(['Transfer abbrechen' => 'CancelTransfer', 'Transfer-Bestätigung erneut senden' => 'ResendTransferApproval'], $buttons);
            $rows = $this->world->call('AdminDomainsTabFields', $pending);
            $this->assertArrayHasKey('Transferstatus', $rows, json_encode($rows, JSON_UNESCAPED_UNICODE));
            $this->assertArrayNotHasKey('Transfer status', $rows);
            AdminSession::logout();
            $this->assertSame(['Suspend' => 'SuspendDomain', 'Unsuspend' => 'UnsuspendDomain'], $this->world->call('AdminCustomButtonArray', $active), 'without an admin: the system default');
        } finally {
            \WHMCS\Database\Capsule::table('tbladmins')->where('id', $adminId)->update(['language' => 'english']);
        }
    }

    /** The cart's transfer pre-check (CheckoutTransfers) refuses in the client's language. */
    public function testTheCartsTransferRefusalIsInTheClientsLanguage(): void
    {
        $row = \WHMCS\Database\Capsule::table('tbldomainpricing')->where('extension', '.com')->first();
        $seeded = $row === null ? \Harness\Seed::tld('com', ['USD' => ['register' => [1 => 10.0], 'transfer' => [1 => 10.0]]], ['autoreg' => 'ispapi']) : null;
        if ($row !== null) {
            \WHMCS\Database\Capsule::table('tbldomainpricing')->where('id', $row->id)->update(['autoreg' => 'ispapi']);
        }
        try {
            // fixtures/simulator/demo.json: transfer-me.com's auth code is Tr4nsfer#Me.
            $cart = [['type' => 'transfer', 'domain' => 'transfer-me.com', 'eppcode' => 'wrong-code']];
            $errors = Cart::asClient($this->world->clientId, 'french', fn () => \IspapiCore\CheckoutCheck::run($cart));
            // Contains, not same: an earlier test in the same simulator may have locked the domain too.
            $this->assertContains("transfer-me.com : le code d'autorisation (code EPP) est incorrect ; demandez le bon code au registraire actuel.", $errors);
            $this->assertStringContainsString('is not correct', implode(' ', Cart::asClient($this->world->clientId, 'english', fn () => \IspapiCore\CheckoutCheck::run($cart))));
        } finally {
            if ($seeded !== null) {
                \WHMCS\Database\Capsule::table('tblpricing')->where('relid', $seeded)->delete();
                \WHMCS\Database\Capsule::table('tbldomainpricing')->where('id', $seeded)->delete();
            } else {
                \WHMCS\Database\Capsule::table('tbldomainpricing')->where('id', $row->id)->update(['autoreg' => $row->autoreg]);
            }
        }
    }

    /** The core's own refusals of the domain's management functions, in the client's language on a client's page. */
    public function testTheCoresRefusalsOfNameserversAreInTheClientsLanguage(): void
    {
        $id = $this->domain();
        $one = ['ns1' => 'ns1.example.com', 'ns2' => '', 'ns3' => '', 'ns4' => '', 'ns5' => ''];
        $fr = Cart::asClient($this->world->clientId, 'french', fn () => $this->world->call('SaveNameservers', $id, $one));
        $this->assertSame(['error' => 'Saisissez au moins deux serveurs de noms.'], $fr);
        $de = Cart::asClient($this->world->clientId, 'german', fn () => $this->world->call('RegisterNameserver', $id, ['nameserver' => 'ns1.' . 'x.com', 'ipaddress' => '']));
        $this->assertSame(['error' => 'Geben Sie die IP-Adresse des Nameservers ein.'], $de);
    }

    /** SaveContactDetails refuses a contact's mistake in the client's language (the role and field names too). */
    public function testTheContactRefusalsAreInTheClientsLanguage(): void
    {
        $id = $this->domain();
        $tech = ['First Name' => 'Ada', 'Last Name' => 'Lovelace', 'Company Name' => '', 'Email Address' => 'not-an-email',
            'Address 1' => '1 Analytical Way', 'Address 2' => '', 'City' => 'London', 'State' => '', 'Postcode' => 'N1 1AA',
            'Country' => 'GB', 'Phone Number' => '+44.2071234567'];
        $de = Cart::asClient($this->world->clientId, 'german', fn () => $this->world->call('SaveContactDetails', $id, ['contactdetails' => ['Technical' => $tech]]));
        $this->assertSame(['error' => 'Technischer Kontakt: Die E-Mail-Adresse ist ungültig.'], $de);
        $fr = Cart::asClient($this->world->clientId, 'french', fn () => $this->world->call('SaveContactDetails', $id, ['contactdetails' => ['Technical' => ['City' => ''] + $tech]]));
        $this->assertSame(['error' => 'Contact technique : le champ « Ville » est vide.'], $fr);
    }

    /** Refusals of a missing form or of nothing pending (SaveContactDetails, ResendIRTPVerificationEmail) in the client's language. */
    public function testTheNothingToDoRefusalsAreInTheClientsLanguage(): void
    {
        $id = $this->domain();
        $fr = Cart::asClient($this->world->clientId, 'french', fn () => $this->world->call('SaveContactDetails', $id, ['contactdetails' => null]));
        $this->assertSame(['error' => "Aucune coordonnée n'a été envoyée."], $fr);
        $de = Cart::asClient($this->world->clientId, 'german', fn () => $this->world->call('ResendIRTPVerificationEmail', $id));
        $this->assertMatchesRegularExpression('/^Für \S+ steht keine Bestätigung des Inhabers aus\.$/u', (string) ($de['error'] ?? json_encode($de)));
    }

    /** RegisterDomain's own refusal (the registration period) in the client's language; English without one. */
    public function testTheRegistrationRefusalIsInTheClientsLanguage(): void
    {
        $id = $this->world->domain(World::unique('com'));
        $de = Cart::asClient($this->world->clientId, 'german', fn () => $this->world->call('RegisterDomain', $id, ['regperiod' => 11]));
        $this->assertSame(['error' => 'Die Registrierungsdauer muss zwischen 1 und 10 Jahren liegen.'], $de);
        $this->assertSame(['error' => 'The registration period must be between 1 and 10 years.'], $this->world->call('RegisterDomain', $id, ['regperiod' => 11]));
    }

    /** TransferDomain's pre-check refusal in the client's language. */
    public function testTheTransferCheckRefusalIsInTheClientsLanguage(): void
    {
        // fixtures/simulator/demo.json: locked-elsewhere.net is locked at its registrar (auth code L0cked!Net).
        $locked = $this->world->domain('locked-elsewhere.net', ['type' => 'Transfer', 'status' => 'Pending Transfer']);
        $fr = Cart::asClient($this->world->clientId, 'french', fn () => $this->world->call('TransferDomain', $locked, ['eppcode' => 'L0cked!Net']));
        // The simulator refuses the check (219, the API's text, which stays English); our sentence around it is French.
        $this->assertStringStartsWith("Le transfert de locked-elsewhere.net n'est pas possible : 219 ", (string) ($fr['error'] ?? json_encode($fr)));
    }

    /** The settings page's connection line in the admin's language (the API's values unchanged). */
    public function testTheConnectionCheckIsInTheAdminsLanguage(): void
    {
        $adminId = (int) \WHMCS\Database\Capsule::table('tbladmins')->where('username', 'admin')->value('id');
        $page = $_SERVER['SCRIPT_NAME'] ?? null;
        $_SERVER['SCRIPT_NAME'] = '/admin/configregistrars.php';
        \WHMCS\Database\Capsule::table('tbladmins')->where('id', $adminId)->update(['language' => 'german']);
        try {
            AdminSession::loginAs($adminId);
            $config = \Harness\Registrars::configArray('ispapi');
            $this->assertStringStartsWith('Verbunden mit dem OT&amp;E-Testsystem von HEXONET (ISPAPI) als demo.reseller; Guthaben ', $config['Connection']['Value']);
        } finally {
            \WHMCS\Database\Capsule::table('tbladmins')->where('id', $adminId)->update(['language' => 'english']);
            $_SERVER['SCRIPT_NAME'] = $page;
        }
    }

    /** The admin's buttons answer in the admin's language: Suspend / Unsuspend, the transfer's Cancel. */
    public function testTheAdminButtonsMessagesAreInTheAdminsLanguage(): void
    {
        $adminId = (int) \WHMCS\Database\Capsule::table('tbladmins')->where('username', 'admin')->value('id');
        $id = $this->domain();
        \WHMCS\Database\Capsule::table('tbladmins')->where('id', $adminId)->update(['language' => 'french']);
        try {
            AdminSession::loginAs($adminId);
            $this->assertSame(['success' => true, 'message' => "Le domaine est suspendu auprès du registre (clientHold) : il n'est plus résolu."], $this->world->call('SuspendDomain', $id));
            $this->assertSame(['success' => true, 'message' => "Le domaine n'est plus suspendu auprès du registre."], $this->world->call('UnsuspendDomain', $id));
        } finally {
            \WHMCS\Database\Capsule::table('tbladmins')->where('id', $adminId)->update(['language' => 'english']);
        }
        // ReleaseDomain: WHMCS offers it to the client too (.uk), so the reader's language.
        $fr = Cart::asClient($this->world->clientId, 'french', fn () => $this->world->call('ReleaseDomain', $id, ['transfertag' => '']));
        $this->assertSame(['error' => 'Saisissez le tag du registraire auquel le domaine doit être libéré.'], $fr);
    }
}
