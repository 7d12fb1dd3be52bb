<?php

declare(strict_types=1);

namespace IspapiCore\ModuleTests;

use Harness\AdminSession;
use Harness\TokenRefused;
use IspapiCore\Core;
use IspapiCore\ModuleTests\Support\World;
use IspapiCore\Registrar;
use PHPUnit\Framework\TestCase;

/**
 * The domain's extra client-area pages (DNSSEC, WHOIS privacy, WHOIS output, ERRP) and ID
 * protection, as WHMCS calls them, against the simulator. The harness does not render the
 * client area: the tests check the template arrays, and the templates are checked for escaping.
 */
final class ClientAreaTest extends TestCase
{
    private World $world;

    private const DS = ['keytag' => '2371', 'alg' => '13', 'digesttype' => '2', 'digest' => '1F987CC6583E92DF0890718C4291C4A3FBC1F1AD2F2B2C4DCAD51C9A4AB0D0EE'];
    private const KEY = ['flags' => '257', 'protocol' => '3', 'alg' => '15', 'pubkey' => '11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo='];

    protected function setUp(): void
    {
        $this->world = World::get();
        $this->world->useApi('ISPAPI', ['DNSSEC' => 'on', 'WhoisOutput' => 'on', 'ERRP' => 'on']);
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

    /** @param array<string, string> $fields the order's additional domain fields */
    private function domain(string $tld = 'com', array $fields = []): int
    {
        $id = $this->world->domain(World::unique($tld));
        foreach ($fields as $name => $value) {
            \Harness\Seed::additionalField($id, $name, $value);
        }
        $this->assertSame(['success' => true], $this->world->call('RegisterDomain', $id));
        $this->world->simulator->control(['clear_log' => true]);
        return $id;
    }

    /** Sends a command with the module's settings, as setup for a test. */
    private function api(array $command): array
    {
        $id = $this->world->domain(World::unique());
        return Registrar::client(Core::shared(), \Harness\Params::forDomain($id))->request($command);
    }

    public function testTheButtonsFollowTheSettingsAndTheTld(): void
    {
        $com = $this->world->domain(World::unique('com'));
        $this->assertSame(
            ['DNSSEC Management' => 'dnssec', 'WHOIS Output' => 'whoisoutput', 'Expiration Notices (ERRP)' => 'errp'],
            $this->world->call('ClientAreaCustomButtonArray', $com)
        );
        $ca = $this->world->domain(World::unique('ca'));
        $this->world->useApi('ISPAPI');
        $this->assertSame(['WHOIS Privacy' => 'whoisprivacy'], $this->world->call('ClientAreaCustomButtonArray', $ca));
        $this->assertSame([], $this->world->simulator->received(), 'the buttons cost no API call');
    }

    public function testDnssecRecordsAreSavedShownAndRemoved(): void
    {
        $id = $this->domain();
        $page = $this->world->call('dnssec', $id);
        $this->assertSame('templates/dnssec', $page['templatefile']);
        $this->assertTrue($page['vars']['supported']);
        $this->assertSame([], $page['vars']['ds']);

        $saved = $this->world->postPage('dnssec', $id, [
            'ds' => ['0' => self::DS, 'new' => ['keytag' => '', 'alg' => '13', 'digesttype' => '2', 'digest' => '']],
            'key' => ['0' => self::KEY],
            'maxsiglife' => '86400',
        ]);
        $this->assertSame('The DNSSEC settings were saved.', $saved['vars']['success'], json_encode($saved['vars']));
        $shown = $this->world->call('dnssec', $id)['vars'];
        $this->assertSame([self::DS], $shown['ds']);
        $this->assertSame([self::KEY], $shown['keys']);
        $this->assertSame('86400', $shown['maxsiglife']);

        $this->world->postPage('dnssec', $id, ['ds' => [], 'key' => [], 'maxsiglife' => '']);
        $shown = $this->world->call('dnssec', $id)['vars'];
        $this->assertSame([[], [], ''], [$shown['ds'], $shown['keys'], $shown['maxsiglife']]);
    }

    /** CNR: DNSKEY records as DNSSEC#, removed with DNSSECDELALL; no repository query, no SECDNS-*. */
    public function testOnCnrDnskeyRecordsAreSavedShownAndRemoved(): void
    {
        $this->world->useApi('CNR', ['DNSSEC' => 'on']);
        $id = $this->domain();
        $page = $this->world->call('dnssec', $id);
        $this->assertSame([true, 'KEY', []], [$page['vars']['supported'], $page['vars']['interface'], $page['vars']['keys']]);

        $saved = $this->world->postPage('dnssec', $id, ['ds' => [], 'key' => ['0' => self::KEY], 'maxsiglife' => '']);
        $this->assertSame('The DNSSEC settings were saved.', $saved['vars']['success'], json_encode($saved['vars']));
        $this->assertSame([self::KEY], $this->world->call('dnssec', $id)['vars']['keys']);

        $this->world->postPage('dnssec', $id, ['ds' => [], 'key' => [], 'maxsiglife' => '']);
        $this->assertSame([], $this->world->call('dnssec', $id)['vars']['keys']);
        $sent = implode("\n", $this->world->simulator->received());
        $this->assertStringContainsString('DNSSECDELALL=1', $sent);
        $this->assertStringNotContainsString('SECDNS-', $sent);
        $this->assertStringNotContainsString('QueryDomainRepositoryInfo', $sent);
    }

    public function testADsDigestOfTheWrongLengthIsRefusedAndNothingChanges(): void
    {
        $id = $this->domain();
        $this->world->postPage('dnssec', $id, ['ds' => [self::DS]]);
        $this->world->simulator->control(['clear_log' => true]);

        $short = array_replace(self::DS, ['digest' => substr(self::DS['digest'], 0, 62)]);
        $page = $this->world->postPage('dnssec', $id, ['ds' => [$short], 'key' => [['flags' => '255'] + self::KEY]]);
        $this->assertSame('Nothing was changed; correct the fields below.', $page['vars']['error']);
        $this->assertSame([
            'DS record 1: a SHA-256 digest has 64 hexadecimal digits, this one has 62.',
            'DNSKEY record 1: the flags 255 are not those of a delegation key; use 257 (key-signing key) or 256 (zone-signing key).',
        ], $page['vars']['errors']);
        $this->assertSame([$short], $page['vars']['ds'], 'the form shows what was typed');
        $this->assertNotContains('ModifyDomain', $this->world->simulator->receivedCommands());
        $this->assertSame([self::DS], $this->world->call('dnssec', $id)['vars']['ds']);
    }

    public function testDnssecIsOfferedOnlyWhereTheSettingAndTheRegistryAllowIt(): void
    {
        $ai = $this->world->domain(World::unique('ai'));
        $page = $this->world->call('dnssec', $ai);
        $this->assertFalse($page['vars']['supported']);
        $this->assertStringContainsString('does not support DNSSEC', $page['vars']['error']);

        $this->world->useApi('ISPAPI');
        $id = $this->domain();
        $page = $this->world->postPage('dnssec', $id, ['ds' => [self::DS]]);
        $this->assertSame('DNSSEC management is not offered.', $page['vars']['error']);
        $this->assertSame([], $this->world->simulator->receivedCommands());
    }

    public function testAFormWithoutTheCsrfTokenIsStoppedBeforeAnyCommand(): void
    {
        $id = $this->domain();
        try {
            $this->world->postPage('dnssec', $id, ['ds' => [self::DS]], 'forged-token');
            $this->fail('the forged token was accepted');
        } catch (TokenRefused) {
            // WHMCS ends the request here.
        }
        $this->assertSame([], $this->world->simulator->receivedCommands());
    }

    public function testCaPrivacyIsForIndividualsAndIdProtectionUsesIt(): void
    {
        $id = $this->domain('ca', ['Legal Type' => 'CCO', 'Contact Language' => 'EN']);
        $name = \Harness\Params::forDomain($id)['domain'];
        $page = $this->world->call('whoisprivacy', $id);
        $this->assertFalse($page['vars']['protectable'], 'a corporation is no individual');
        $refused = $this->world->postPage('whoisprivacy', $id, ['protect' => '0']);
        $this->assertSame('The registry offers WHOIS privacy to individuals only.', $refused['vars']['error']);

        $this->api(['COMMAND' => 'ModifyDomain', 'DOMAIN' => $name, 'X-CA-LEGALTYPE' => 'CCT']);
        $shown = $this->world->postPage('whoisprivacy', $id, ['protect' => '0']);
        $this->assertSame(['protectable' => true, 'protected' => false], array_intersect_key($shown['vars'], ['protectable' => 1, 'protected' => 1]));
        $this->assertFalse($this->world->call('whoisprivacy', $id)['vars']['protected']);

        $this->world->simulator->control(['clear_log' => true]);
        $this->assertSame(['success' => true], $this->world->call('IDProtectToggle', $id, ['protectenable' => true]));
        $this->assertStringContainsString("X-CA-DISCLOSE=0", $this->world->simulator->received()[0]);
        $this->assertTrue($this->world->call('whoisprivacy', $id)['vars']['protected']);
    }

    public function testWhoisOutputAndErrpSettingsAreCheckedAndSaved(): void
    {
        $id = $this->domain();
        $page = $this->world->postPage('whoisoutput', $id, ['fields' => ['X-WHOIS-RSP' => 'Smith &amp; Sons', 'X-WHOIS-URL' => 'https://reseller.example']]);
        $this->assertSame('The WHOIS output settings were saved.', $page['vars']['success'], json_encode($page['vars']));
        $values = array_column($this->world->call('whoisoutput', $id)['vars']['fields'], 'value', 'key');
        $this->assertSame(['Smith & Sons', 'https://reseller.example'], [$values['X-WHOIS-RSP'], $values['X-WHOIS-URL']]);

        $this->world->simulator->control(['clear_log' => true]);
        $bad = $this->world->postPage('errp', $id, ['fields' => ['X-ERRP-EMAIL' => 'help(at)reseller', 'X-ERRP-URL' => 'javascript:alert(1)']]);
        $this->assertCount(2, $bad['vars']['errors'], json_encode($bad['vars']));
        $this->assertNotContains('ModifyDomain', $this->world->simulator->receivedCommands());
        $good = $this->world->postPage('errp', $id, ['fields' => ['X-ERRP-EMAIL' => 'help@reseller.example', 'X-ERRP-PHONE' => '+49.6894939650']]);
        $this->assertSame('', $good['vars']['error'], json_encode($good['vars']));
        $values = array_column($this->world->call('errp', $id)['vars']['fields'], 'value', 'key');
        $this->assertSame('+49.6894939650', $values['X-ERRP-PHONE']);
    }

    public function testEveryTemplateEscapesWhatItPrints(): void
    {
        $dir = \dirname(__DIR__) . '/modules/registrars/ispapi/templates';
        $files = glob("$dir/*.tpl");
        $this->assertNotEmpty($files);
        foreach ($files as $file) {
            $text = (string) file_get_contents($file);
            // Top-level Smarty tags only: a variable inside another tag's attribute is not output.
            $depth = 0;
            $tag = '';
            foreach (str_split($text) as $c) {
                if ($c === '{') {
                    $depth++;
                }
                if ($depth > 0) {
                    $tag .= $c;
                }
                if ($c === '}' && $depth > 0 && --$depth === 0) {
                    if (str_starts_with($tag, '{$')) {
                        $this->assertMatchesRegularExpression("/\\|escape:'(html|url)'\\}$/", $tag, basename($file) . ": $tag");
                    }
                    $tag = '';
                }
            }
            if (str_contains($text, 'method="post"')) {
                $this->assertStringContainsString('name="token" value="{$token|escape:\'html\'}"', $text, basename($file));
                // A custom page's form goes back to it as developer-docs extending-further.md
                // shows: action=domaindetails with domainid, modop=custom and a=<page>.
                preg_match_all('~<form method="post" action="([^"]*)"~', $text, $forms);
                foreach ($forms[1] as $action) {
                    $this->assertMatchesRegularExpression(
                        "~^clientarea\\.php\\?action=domaindetails&amp;domainid=\\{\\\$domainid\\|escape:'url'\\}&amp;modop=custom&amp;a=~",
                        $action,
                        basename($file)
                    );
                }
            }
        }
    }
}
