<?php

declare(strict_types=1);

namespace IspapiCore\ModuleTests;

use Harness\ClientArea;
use IspapiCore\ModuleTests\Support\World;
use PHPUnit\Framework\TestCase;

/**
 * The client's DNS page (issue #20 item 12; seed: "WHMCS doesn't allow SRV records … We have
 * WHMCS templates customized to introduce the SRV Resource Record"): the module's
 * templates/theme/clientareadomaindns.tpl, copied over the theme's as the seed says, rendered
 * with GetDNS's rows, and what the browser posts back handed to SaveDNS (Harness\ClientArea).
 */
final class DnsPageTest extends TestCase
{
    private World $world;

    private const ROWS = [
        ['hostname' => '@', 'type' => 'A', 'address' => '192.0.2.10', 'priority' => ''],
        ['hostname' => '@', 'type' => 'MX', 'address' => 'mx1.example.net', 'priority' => '10'],
        ['hostname' => '_sip._tcp', 'type' => 'SRV', 'address' => '5 5060 sip.example.net', 'priority' => '20'],
        ['hostname' => 'dev', 'type' => 'NS', 'address' => 'ns1.example.net', 'priority' => ''],
        ['hostname' => 'note', 'type' => 'TXT', 'address' => 'say "hi" & <bye>', 'priority' => ''],
    ];

    protected function setUp(): void
    {
        $this->world = World::get();
        $this->world->useApi('ISPAPI');
        $this->world->simulator->control(['reset' => true]);
    }

    /** A registered domain with DNS management whose zone holds ROWS. */
    private function domain(): int
    {
        $id = $this->world->domain(World::unique(), ['dnsmanagement' => 1]);
        $this->assertSame(['success' => true], $this->world->call('RegisterDomain', $id));
        $this->assertSame(['success' => true], $this->world->call('SaveDNS', $id, ['dnsrecords' => self::ROWS]));
        $this->world->simulator->control(['clear_log' => true]);
        return $id;
    }

    /** @return list<array<string, string>> GetDNS's rows without record ids, in a fixed order */
    private function shown(int $id): array
    {
        $rows = array_map(static fn (array $r): array => array_diff_key($r, ['recid' => true]), $this->world->call('GetDNS', $id));
        usort($rows, static fn ($a, $b) => [$a['type'], $a['hostname']] <=> [$b['type'], $b['hostname']]);
        return $rows;
    }

    private function installTemplate(string $theme): void
    {
        $target = $this->world->dir . "/whmcs/templates/$theme/clientareadomaindns.tpl";
        @mkdir(\dirname($target), 0777, true);
        $this->assertTrue(copy($this->world->dir . '/release/modules/registrars/ispapi/templates/theme/clientareadomaindns.tpl', $target));
    }

    private function updates(): array
    {
        return array_values(array_filter(
            $this->world->simulator->received(),
            static fn (string $t): bool => str_starts_with($t, "COMMAND=UpdateDNSZone\n")
        ));
    }

    public function testAnSrvAndAnNsRecordComeBackUnchangedThroughTheModulesPage(): void
    {
        $this->installTemplate('six');
        $id = $this->domain();
        $before = $this->shown($id);

        $html = ClientArea::dnsPage($id, 'six');
        $this->assertStringContainsString('<option value="SRV" selected="selected">', $html);
        $this->assertStringContainsString('<option value="NS" selected="selected">', $html);
        $posted = ClientArea::formData($html);
        $srv = array_search('_sip._tcp', $posted['dnsrecordhost'], true);
        $this->assertSame(['SRV', '5 5060 sip.example.net', '20'], [
            $posted['dnsrecordtype'][$srv], $posted['dnsrecordaddress'][$srv], $posted['dnsrecordpriority'][$srv],
        ]);

        $this->assertSame(['success' => true], ClientArea::saveDnsPage($id, $posted));
        $this->assertSame([], $this->updates(), 'saved as shown: nothing to change');
        $this->assertSame($before, $this->shown($id));
    }

    public function testAnSrvRecordTypedIntoTheNewRowIsSaved(): void
    {
        $this->installTemplate('six');
        $id = $this->domain();
        $posted = ClientArea::formData(ClientArea::dnsPage($id, 'six'));
        $last = \count($posted['dnsrecordhost']) - 1;
        $this->assertSame('', $posted['dnsrecordhost'][$last], 'the blank row for a new record');
        $posted['dnsrecordhost'][$last] = '_xmpp-client._tcp';
        $posted['dnsrecordtype'][$last] = 'SRV';
        $posted['dnsrecordaddress'][$last] = '0 5222 xmpp.example.net';
        $posted['dnsrecordpriority'][$last] = '5';

        $this->assertSame(['success' => true], ClientArea::saveDnsPage($id, $posted));
        $this->assertCount(1, $this->updates());
        $this->assertContains(
            ['hostname' => '_xmpp-client._tcp', 'type' => 'SRV', 'address' => '0 5222 xmpp.example.net', 'priority' => '5'],
            $this->shown($id)
        );
    }

    /** Why the template is needed: the stock page (the harness's stand-in) has no SRV to select. */
    public function testTheStockPageCannotKeepAnSrvRecord(): void
    {
        $id = $this->domain();
        $html = ClientArea::dnsPage($id, 'stock-stand-in');
        $this->assertStringNotContainsString('value="SRV"', $html);
        $result = ClientArea::saveDnsPage($id, ClientArea::formData($html));
        // The SRV and NS rows are posted as A records (the select's first type) and refused.
        $this->assertStringContainsString('(“_sip._tcp” “A”): “5 5060 sip.example.net” is not an IPv4 address', (string) ($result['error'] ?? ''));
        $this->assertSame([], $this->updates());
    }

    public function testTheTemplateEscapesWhatItPrints(): void
    {
        $text = (string) file_get_contents(\dirname(__DIR__) . '/modules/registrars/ispapi/templates/theme/clientareadomaindns.tpl');
        preg_match_all('/\{\$[^}]*\}/', $text, $m);
        $printed = array_filter($m[0], static fn (string $t): bool => !str_starts_with($t, '{$ispapiTypes ='));
        $this->assertNotEmpty($printed);
        foreach ($printed as $tag) {
            $this->assertMatchesRegularExpression("/\\|escape:'(html|url)'\\}$/", $tag);
        }
    }
}
