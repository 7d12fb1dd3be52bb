<?php

declare(strict_types=1);

namespace IspapiCore\ModuleTests;

use IspapiCore\ModuleTests\Support\World;
use PHPUnit\Framework\TestCase;

/**
 * DNS management and mail forwarding as WHMCS calls them (GetDNS, SaveDNS, GetEmailForwarding,
 * SaveEmailForwarding), installed into the harness, against the simulator's zones.
 */
final class DnsTest extends TestCase
{
    private World $world;

    protected function setUp(): void
    {
        $this->world = World::get();
        $this->world->useApi('ISPAPI');
        $this->world->simulator->control(['reset' => true]);
    }

    /**
     * A registered domain of the test client; with the DNS management add-on ordered it gets its
     * zone at registration, without it on the first save.
     */
    private function domain(bool $dnsManagement = true): int
    {
        $id = $this->world->domain(World::unique(), ['dnsmanagement' => (int) $dnsManagement, 'emailforwarding' => 1]);
        $this->assertSame(['success' => true], $this->world->call('RegisterDomain', $id));
        $this->world->simulator->control(['clear_log' => true]);
        return $id;
    }

    /** @return list<string> the s_command texts of one command name since the last log clear */
    private function sent(string $command): array
    {
        return array_values(array_filter(
            $this->world->simulator->received(),
            static fn (string $t): bool => str_starts_with($t, "COMMAND=$command\n")
        ));
    }

    private static function row(string $host, string $type, string $address, string $priority = 'N/A', string $recid = ''): array
    {
        return ['hostname' => $host, 'type' => $type, 'address' => $address, 'priority' => $priority, 'recid' => $recid];
    }

    /** The editor's rows without their record ids, for comparing. */
    private function shown(int $id): array
    {
        $rows = $this->world->call('GetDNS', $id);
        $this->assertArrayNotHasKey('error', $rows, json_encode($rows));
        return array_map(static fn (array $r): array => array_diff_key($r, ['recid' => true]), $rows);
    }

    public function testTheFirstSaveCreatesTheZoneAndEveryTypeRoundTrips(): void
    {
        $id = $this->domain(dnsManagement: false);
        $this->assertSame([], $this->world->call('GetDNS', $id), 'no zone, no records');
        $rows = [
            self::row('@', 'A', '192.0.2.10'),
            self::row('www', 'AAAA', '2001:db8::10'),
            self::row('blog', 'CNAME', 'blog.example.net'),
            self::row('@', 'MX', 'mx1.example.net', '10'),
            self::row('@', 'MXE', '192.0.2.25', '20'),
            self::row('@', 'TXT', 'v=spf1 mx -all'),
            self::row('dkim._domainkey', 'TXT', 'v=DKIM1; k=rsa; p=' . str_repeat('A', 380)),
            self::row('note', 'TXT', 'Grüße, "quoted" ☕'),
            self::row('_sip._tcp', 'SRV', '5 5060 sip.example.net', '10'),
            self::row('dev', 'NS', 'ns1.example.net'),
            self::row('@', 'URL', 'https://shop.example.net/'),
            self::row('old/blog', 'FRAME', 'http://blog.example.org'),
        ];
        $this->assertSame(['success' => true], $this->world->call('SaveDNS', $id, ['dnsrecords' => $rows]));
        $this->assertCount(1, $this->sent('ModifyDomain'), 'the zone is created');
        $this->assertCount(1, $this->sent('UpdateDNSZone'), 'in one update');

        $expected = array_map(static function (array $r): array {
            unset($r['recid']);
            $r['priority'] = \in_array($r['type'], ['MX', 'MXE', 'SRV'], true) ? $r['priority'] : '';
            return $r;
        }, $rows);
        $shown = $this->shown($id);
        usort($shown, static fn ($a, $b) => [$a['type'], $a['hostname']] <=> [$b['type'], $b['hostname']]);
        usort($expected, static fn ($a, $b) => [$a['type'], $a['hostname']] <=> [$b['type'], $b['hostname']]);
        $this->assertSame($expected, $shown);

        // Saved again as shown: nothing to change, no update.
        $this->world->simulator->control(['clear_log' => true]);
        $this->assertSame(['success' => true], $this->world->call('SaveDNS', $id, ['dnsrecords' => $this->world->call('GetDNS', $id)]));
        $this->assertSame([], $this->sent('UpdateDNSZone'));
    }

    /**
     * A CNR account: the zone is made with AddDNSZone on the first save (not at registration)
     * and changed with ModifyDNSZone, as the provider's CNR module does; the simulator's CNR
     * endpoint refuses ISPAPI's UpdateDNSZone and INTERNALDNS.
     */
    public function testOnCnrTheZoneIsAddedAndModifiedWithCnrCommands(): void
    {
        $this->world->useApi('CNR');
        $id = $this->domain();
        $this->assertSame([], $this->world->call('GetDNS', $id), 'CNR makes no zone at registration');
        $rows = [
            self::row('@', 'A', '192.0.2.10'),
            self::row('www', 'AAAA', '2001:db8::10'),
            self::row('blog', 'CNAME', 'blog.example.net'),
            self::row('@', 'MX', 'mx1.example.net', '10'),
            self::row('@', 'TXT', 'v=spf1 mx -all'),
        ];
        $this->assertSame(['success' => true], $this->world->call('SaveDNS', $id, ['dnsrecords' => $rows]));
        $this->assertCount(1, $this->sent('AddDNSZone'));
        $this->assertCount(1, $this->sent('ModifyDNSZone'));
        $this->assertSame([], $this->sent('UpdateDNSZone'));
        $this->assertSame([], $this->sent('ModifyDomain'));

        $expected = array_map(static function (array $r): array {
            unset($r['recid']);
            $r['priority'] = $r['type'] === 'MX' ? $r['priority'] : '';
            return $r;
        }, $rows);
        $sort = static fn (array &$list) => usort($list, static fn ($a, $b) => [$a['type'], $a['hostname']] <=> [$b['type'], $b['hostname']]);
        $shown = $this->shown($id);
        $sort($shown);
        $sort($expected);
        $this->assertSame($expected, $shown);

        // An edit deletes the listed line and adds the new one in one ModifyDNSZone.
        $this->world->simulator->control(['clear_log' => true]);
        $edited = array_map(static fn (array $r): array => $r['type'] === 'A' ? ['address' => '192.0.2.11'] + $r : $r, $this->world->call('GetDNS', $id));
        $this->assertSame(['success' => true], $this->world->call('SaveDNS', $id, ['dnsrecords' => $edited]));
        $this->assertCount(1, $this->sent('ModifyDNSZone'));
        $this->assertSame([], $this->sent('AddDNSZone'));
        $addresses = array_column($this->world->call('GetDNS', $id), 'address');
        $this->assertContains('192.0.2.11', $addresses);
        $this->assertNotContains('192.0.2.10', $addresses);

        // URL and FRAME rows are CNR's web forwardings (AddWebFwd, RD and MRD), shown again
        // from QueryWebFwdList; the zone's records stay as they were.
        $this->world->simulator->control(['clear_log' => true]);
        $before = $this->world->call('GetDNS', $id);
        $forwarded = array_merge($before, [
            self::row('shop', 'URL', 'https://shop.example.net/'),
            self::row('promo', 'FRAME', 'https://promo.example.net/'),
        ]);
        $this->assertSame(['success' => true], $this->world->call('SaveDNS', $id, ['dnsrecords' => $forwarded]));
        $added = $this->sent('AddWebFwd');
        $this->assertCount(2, $added);
        $this->assertStringContainsString('TYPE=RD', implode("\n", array_filter($added, static fn ($t) => str_contains($t, 'SOURCE=shop.'))));
        $this->assertStringContainsString('TYPE=MRD', implode("\n", array_filter($added, static fn ($t) => str_contains($t, 'SOURCE=promo.'))));
        $this->assertSame([], $this->sent('ModifyDNSZone'), 'no zone record changed');
        $shown = $this->world->call('GetDNS', $id);
        $web = array_values(array_filter($shown, static fn ($r) => in_array($r['type'], ['URL', 'FRAME'], true)));
        usort($web, static fn ($a, $b) => $a['hostname'] <=> $b['hostname']);
        $this->assertSame([['promo', 'FRAME', 'https://promo.example.net/'], ['shop', 'URL', 'https://shop.example.net/']], array_map(static fn ($r) => [$r['hostname'], $r['type'], $r['address']], $web));

        // A changed target is deleted and added again; a removed row is deleted.
        $this->world->simulator->control(['clear_log' => true]);
        $next = [];
        foreach ($shown as $r) {
            if ($r['hostname'] === 'promo') {
                continue;
            }
            $next[] = $r['hostname'] === 'shop' ? ['address' => 'https://store.example.net/'] + $r : $r;
        }
        $this->assertSame(['success' => true], $this->world->call('SaveDNS', $id, ['dnsrecords' => $next]));
        $this->assertCount(2, $this->sent('DeleteWebFwd'));
        $this->assertCount(1, $this->sent('AddWebFwd'));
        $urls = array_values(array_filter($this->world->call('GetDNS', $id), static fn ($r) => in_array($r['type'], ['URL', 'FRAME'], true)));
        $this->assertSame([['shop', 'URL', 'https://store.example.net/']], array_map(static fn ($r) => [$r['hostname'], $r['type'], $r['address']], $urls));
    }

    /** CNR's mail forwardings: QueryMailFwdList, AddMailFwd and DeleteMailFwd, one by one. */
    public function testOnCnrMailForwardingsUseCnrsOwnCommands(): void
    {
        $this->world->useApi('CNR');
        $id = $this->domain();
        $this->assertSame([], $this->world->call('GetEmailForwarding', $id));
        $save = $this->world->call('SaveEmailForwarding', $id, [
            'prefix' => [['info'], '*', 'sales'],
            'forwardto' => [['ada@example.org'], 'all@bücher.de', 'sales@example.net'],
        ]);
        $this->assertSame(['success' => true], $save);
        $this->assertCount(1, $this->sent('AddDNSZone'), 'a mail forwarding lives in the zone');
        $this->assertCount(3, $this->sent('AddMailFwd'));
        $this->assertSame([], $this->sent('UpdateDNSZone'));
        $this->assertSame([
            ['prefix' => 'info', 'forwardto' => 'ada@example.org'],
            ['prefix' => '*', 'forwardto' => 'all@xn--bcher-kva.de'],
            ['prefix' => 'sales', 'forwardto' => 'sales@example.net'],
        ], $this->world->call('GetEmailForwarding', $id));

        $this->world->simulator->control(['clear_log' => true]);
        $this->assertSame(['success' => true], $this->world->call('SaveEmailForwarding', $id, ['prefix' => ['info'], 'forwardto' => ['bob@example.org']]));
        $this->assertCount(3, $this->sent('DeleteMailFwd'));
        $this->assertCount(1, $this->sent('AddMailFwd'));
        $this->assertSame([['prefix' => 'info', 'forwardto' => 'bob@example.org']], $this->world->call('GetEmailForwarding', $id));
    }

    public function testAnEditDeletesAndAddsInOneUpdateAndKeepsWhatTheEditorDoesNotShow(): void
    {
        $id = $this->domain();
        $this->world->call('SaveDNS', $id, ['dnsrecords' => [self::row('www', 'A', '192.0.2.1'), self::row('ftp', 'A', '192.0.2.2')]]);
        $this->world->call('SaveEmailForwarding', $id, ['prefix' => ['info'], 'forwardto' => ['ada@example.org']]);
        $rows = $this->world->call('GetDNS', $id);
        foreach ($rows as &$row) {
            if ($row['hostname'] === 'www') {
                $row['address'] = '192.0.2.3';
            }
            if ($row['hostname'] === 'ftp') {
                $row['address'] = '';
            }
        }
        unset($row);
        $this->world->simulator->control(['clear_log' => true]);
        $this->assertSame(['success' => true], $this->world->call('SaveDNS', $id, ['dnsrecords' => $rows]));
        $update = $this->sent('UpdateDNSZone');
        $this->assertCount(1, $update);
        $this->assertSame(2, preg_match_all('/^DELRR\d+=/m', $update[0]), $update[0]);
        $this->assertSame(1, preg_match_all('/^ADDRR\d+=/m', $update[0]), $update[0]);
        $this->assertSame([self::row('www', 'A', '192.0.2.3', '')], array_map(
            static fn (array $r): array => $r + ['recid' => ''],
            $this->shown($id)
        ));
        // The mail forwarding and the provider's NS records are still in the zone.
        $this->assertSame([['prefix' => 'info', 'forwardto' => 'ada@example.org']], $this->world->call('GetEmailForwarding', $id));
    }

    /** @return iterable<string, array{array<string, string>, string}> */
    public static function badRecords(): iterable
    {
        yield 'an invalid IPv6 address' => [self::row('www', 'AAAA', '2001:db8::zz'), '“2001:db8::zz” is not an IPv6 address.'];
        yield 'a CNAME at the apex' => [self::row('@', 'CNAME', 'example.net'), 'a CNAME cannot be at the zone apex'];
        yield 'a TXT with quotes and a newline' => [self::row('@', 'TXT', "v=spf1 \"a\"\nCOMMAND=DeleteDomain"), 'a TXT record holds one line of text'];
        yield 'a 256-character label' => [self::row(str_repeat('x', 256), 'A', '192.0.2.1'), 'has 256 characters; a label may have at most 63.'];
        yield 'an MX to an IP address' => [self::row('@', 'MX', '192.0.2.1', '10'), 'use MXE'];
        yield 'NS at the apex' => [self::row('@', 'NS', 'ns.example.net'), 'NS at @'];
        yield 'a type WHMCS does not have' => [self::row('@', 'SPF', 'v=spf1'), 'is not supported'];
    }

    /** @dataProvider badRecords */
    public function testBadInputIsRefusedWithAClearMessageAndTheZoneStaysAsItWas(array $bad, string $message): void
    {
        $id = $this->domain();
        $this->world->call('SaveDNS', $id, ['dnsrecords' => [self::row('www', 'A', '192.0.2.1')]]);
        $before = $this->world->call('GetDNS', $id);
        $this->world->simulator->control(['clear_log' => true]);

        $result = $this->world->call('SaveDNS', $id, ['dnsrecords' => array_merge($before, [$bad])]);
        $this->assertStringContainsString('Record 2 (', $result['error'] ?? '', json_encode($result));
        $this->assertStringContainsString($message, $result['error']);
        $this->assertSame([], $this->world->simulator->received(), 'no command was sent');
        $this->assertSame($before, $this->world->call('GetDNS', $id));
    }

    public function testHtmlEncodedInputFromWhmcsIsDecoded(): void
    {
        $id = $this->domain();
        $result = $this->world->call('SaveDNS', $id, ['dnsrecords' => [self::row('@', 'TXT', '&quot;v=spf1 include:a&amp;b -all&quot;')]]);
        $this->assertSame(['success' => true], $result);
        $this->assertSame('v=spf1 include:a&b -all', $this->shown($id)[0]['address']);
    }

    public function testMailForwardingsAreSavedCheckedAndRemoved(): void
    {
        $id = $this->domain();
        $this->assertSame([], $this->world->call('GetEmailForwarding', $id));
        $save = $this->world->call('SaveEmailForwarding', $id, [
            'prefix' => [['info'], '*', 'sales'],
            'forwardto' => [['ada@example.org'], 'all@bücher.de', 'sales@example.net'],
        ]);
        $this->assertSame(['success' => true], $save);
        $this->assertSame([
            ['prefix' => 'info', 'forwardto' => 'ada@example.org'],
            ['prefix' => '*', 'forwardto' => 'all@xn--bcher-kva.de'],
            ['prefix' => 'sales', 'forwardto' => 'sales@example.net'],
        ], $this->world->call('GetEmailForwarding', $id));

        $this->world->simulator->control(['clear_log' => true]);
        $refused = $this->world->call('SaveEmailForwarding', $id, ['prefix' => ['info', 'x y'], 'forwardto' => ['ada@example.org', 'nobody']]);
        $this->assertStringContainsString('Forwarding 2 (“x y”)', $refused['error'] ?? '', json_encode($refused));
        $this->assertSame([], $this->world->simulator->received());

        $this->assertSame(['success' => true], $this->world->call('SaveEmailForwarding', $id, ['prefix' => ['info'], 'forwardto' => ['ada@example.org']]));
        $this->assertSame([['prefix' => 'info', 'forwardto' => 'ada@example.org']], $this->world->call('GetEmailForwarding', $id));
    }

    public function testAZoneOf5000RecordsLoadsAndSaves(): void
    {
        $id = $this->domain();
        $rows = [];
        for ($i = 0; $i < 5000; $i++) {
            $rows[] = match ($i % 4) {
                0 => self::row("h$i", 'A', sprintf('10.%d.%d.%d', $i >> 16, ($i >> 8) & 255, $i & 255)),
                1 => self::row("h$i", 'AAAA', sprintf('2001:db8::%x', $i)),
                2 => self::row("h$i", 'TXT', "record $i ☕"),
                default => self::row("h$i", 'MX', "mail$i.example.net", (string) ($i % 100)),
            };
        }
        // How long this takes is measured by bench/workflows.php, not asserted here.
        $this->assertSame(['success' => true], $this->world->call('SaveDNS', $id, ['dnsrecords' => $rows]));
        $loaded = $this->world->call('GetDNS', $id);
        $this->assertCount(5000, $loaded);

        $loaded[0]['address'] = '192.0.2.1';
        $loaded[1]['address'] = '';
        $loaded[] = self::row('new', 'CNAME', 'example.net');
        $this->world->simulator->control(['clear_log' => true]);
        $this->assertSame(['success' => true], $this->world->call('SaveDNS', $id, ['dnsrecords' => $loaded]));
        $update = $this->sent('UpdateDNSZone');
        $this->assertCount(1, $update);
        $this->assertSame(2, preg_match_all('/^DELRR\d+=/m', $update[0]));
        $this->assertSame(2, preg_match_all('/^ADDRR\d+=/m', $update[0]));
        $this->assertCount(5000, $this->world->call('GetDNS', $id));
    }
}
