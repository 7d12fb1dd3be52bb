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
 * The client area's Web Apps page (Google Workspace) as WHMCS calls it, against the simulator's
 * zones: connecting writes the app's records, disconnecting removes exactly them, and the zone
 * is read back through the API to see what the simulator holds.
 */
final class WebAppsTest extends TestCase
{
    private World $world;

    /** Google's records, as Google documents them (one MX since 2023, and its SPF). */
    private const GOOGLE = [
        ['name' => '@', 'type' => 'MX', 'value' => 'smtp.google.com', 'priority' => '1'],
        ['name' => '@', 'type' => 'TXT', 'value' => 'v=spf1 include:_spf.google.com ~all', 'priority' => ''],
    ];

    protected function setUp(): void
    {
        $this->world = World::get();
        $this->world->useApi('ISPAPI', ['WebApps' => 'on']);
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

    private static function row(string $host, string $type, string $address, string $priority = 'N/A'): array
    {
        return ['hostname' => $host, 'type' => $type, 'address' => $address, 'priority' => $priority, 'recid' => ''];
    }

    /**
     * A registered domain with its zone (DNS management ordered) holding the records a customer
     * typically has before connecting: a web server, their old mail server and its SPF record,
     * and an unrelated TXT record.
     */
    private function domain(bool $dnsManagement = true): int
    {
        $id = $this->world->domain(World::unique(), ['dnsmanagement' => (int) $dnsManagement]);
        $this->assertSame(['success' => true], $this->world->call('RegisterDomain', $id));
        if ($dnsManagement) {
            $this->assertSame(['success' => true], $this->world->call('SaveDNS', $id, ['dnsrecords' => [
                self::row('www', 'A', '192.0.2.10'),
                self::row('@', 'MX', 'mail.example.net', '10'),
                self::row('@', 'TXT', 'v=spf1 mx -all'),
                self::row('@', 'TXT', 'google-site-verification=abc123'),
                self::row('shop', 'MX', 'mx.shop.example.net', '5'),
            ]]));
        }
        $this->world->simulator->control(['clear_log' => true]);
        return $id;
    }

    /** @return array<string, mixed> QueryDNSZoneRRList of the domain's zone, sent with the module's settings */
    private function query(int $id): array
    {
        $params = \Harness\Params::forDomain($id);
        return Registrar::client(Core::shared(), $params)->request(['COMMAND' => 'QueryDNSZoneRRList', 'DNSZONE' => $params['domain'] . '.']);
    }

    /** @return list<string> the zone's records as the simulator holds them, without the SOA (its serial changes) */
    private function zone(int $id): array
    {
        $reply = $this->query($id);
        $this->assertSame(200, $reply['code'], json_encode($reply));
        $records = array_values(array_filter($reply['properties']['RR'] ?? [], static fn (string $rr): bool => !str_contains($rr, ' IN SOA ')));
        sort($records);
        return $records;
    }

    /** Google's records as lines of the domain's zone. */
    private function googleLines(int $id): array
    {
        $apex = \Harness\Params::forDomain($id)['domain'] . '.';
        return ["$apex 3600 IN MX 1 smtp.google.com.", "$apex 3600 IN TXT \"v=spf1 include:_spf.google.com ~all\""];
    }

    public function testTheButtonIsShownOnlyWithTheSetting(): void
    {
        $id = $this->world->domain(World::unique());
        $this->assertSame('webapps', $this->world->call('ClientAreaCustomButtonArray', $id)['Web Apps'] ?? null);
        $this->world->useApi('ISPAPI');
        $this->assertArrayNotHasKey('Web Apps', $this->world->call('ClientAreaCustomButtonArray', $id));
        $this->world->useApi('ISPAPI', ['WebApps' => '']);
        $this->assertArrayNotHasKey('Web Apps', $this->world->call('ClientAreaCustomButtonArray', $id));
        $this->assertSame([], $this->world->simulator->received(), 'the buttons cost no API call');

        $page = $this->world->call('webapps', $id);
        $this->assertSame('Web apps are not offered.', $page['vars']['error']);
        $this->assertSame([], $this->world->simulator->received());
    }

    public function testConnectingWritesExactlyTheAppsRecordsAndReplacesOnlyTheMailRecordsOfTheDomain(): void
    {
        $id = $this->domain();
        $name = \Harness\Params::forDomain($id)['domain'];
        $page = $this->world->call('webapps', $id);
        $this->assertSame('templates/webapps', $page['templatefile']);
        $app = $page['vars']['apps'][0];
        $this->assertSame(['google-workspace', 'Google Workspace', 'not connected'], [$app['id'], $app['name'], $app['state']]);
        $this->assertSame(self::GOOGLE, array_map(static fn (array $r): array => array_diff_key($r, ['present' => 1]), $app['records']));
        $this->assertSame(['@ MX 10 mail.example.net.', '@ TXT "v=spf1 mx -all"'], $app['removes'], 'the page says what connecting removes');
        $before = $this->zone($id);
        $this->world->simulator->control(['clear_log' => true]);

        $done = $this->world->postPage('webapps', $id, ['app' => 'google-workspace', 'action' => 'connect']);
        $this->assertSame("Google Workspace is now connected to $name.", $done['vars']['success'], json_encode($done['vars']));
        $this->assertSame('connected', $done['vars']['apps'][0]['state']);
        $this->assertSame(['QueryDNSZoneRRList', 'UpdateDNSZone'], $this->world->simulator->receivedCommands(), 'one change, and no zone is created');

        $after = $this->zone($id);
        $added = array_values(array_diff($after, $before));
        sort($added);
        $this->assertSame($this->googleLines($id), $added);
        $this->assertSame(
            ["$name. 3600 IN MX 10 mail.example.net.", "$name. 3600 IN TXT \"v=spf1 mx -all\""],
            array_values(array_diff($before, $after)),
            'the old mail server and SPF record are replaced, nothing else'
        );
        foreach (["www.$name. 3600 IN A 192.0.2.10", "shop.$name. 3600 IN MX 5 mx.shop.example.net.", "$name. 3600 IN TXT \"google-site-verification=abc123\""] as $kept) {
            $this->assertContains($kept, $after);
        }
        $this->assertSame('connected', $this->world->call('webapps', $id)['vars']['apps'][0]['state']);

        // Connecting again changes nothing.
        $this->world->simulator->control(['clear_log' => true]);
        $again = $this->world->postPage('webapps', $id, ['app' => 'google-workspace', 'action' => 'connect']);
        $this->assertSame("Google Workspace is already connected to $name.", $again['vars']['success']);
        $this->assertSame(['QueryDNSZoneRRList'], $this->world->simulator->receivedCommands());
    }

    public function testDisconnectingRemovesExactlyTheAppsRecords(): void
    {
        $id = $this->domain();
        $name = \Harness\Params::forDomain($id)['domain'];
        $this->world->postPage('webapps', $id, ['app' => 'google-workspace', 'action' => 'connect']);
        // Added by the customer after connecting: stays.
        $rows = $this->world->call('GetDNS', $id);
        $rows[] = self::row('_dmarc', 'TXT', 'v=DMARC1; p=none');
        $this->assertSame(['success' => true], $this->world->call('SaveDNS', $id, ['dnsrecords' => $rows]));
        $before = $this->zone($id);
        $this->world->simulator->control(['clear_log' => true]);

        $done = $this->world->postPage('webapps', $id, ['app' => 'google-workspace', 'action' => 'disconnect']);
        $this->assertSame("Google Workspace is disconnected from $name: its records were removed.", $done['vars']['success'], json_encode($done['vars']));
        $this->assertSame(['QueryDNSZoneRRList', 'UpdateDNSZone'], $this->world->simulator->receivedCommands());
        $update = $this->world->simulator->received()[1];
        $this->assertSame(0, preg_match('/^ADDRR/m', $update), $update);

        $after = $this->zone($id);
        $this->assertSame($this->googleLines($id), array_values(array_diff($before, $after)));
        $this->assertSame([], array_values(array_diff($after, $before)));
        $this->assertContains("_dmarc.$name. 3600 IN TXT \"v=DMARC1; p=none\"", $after);
        $this->assertSame('not connected', $this->world->call('webapps', $id)['vars']['apps'][0]['state']);

        $this->world->simulator->control(['clear_log' => true]);
        $again = $this->world->postPage('webapps', $id, ['app' => 'google-workspace', 'action' => 'disconnect']);
        $this->assertSame("Google Workspace is not connected to $name.", $again['vars']['success']);
        $this->assertSame(['QueryDNSZoneRRList'], $this->world->simulator->receivedCommands());
    }

    public function testAGetNeverChangesAnything(): void
    {
        $id = $this->domain();
        $before = $this->zone($id);
        $this->world->simulator->control(['clear_log' => true]);
        // A form in a GET request (a link, a crawler) is not a submission.
        $_POST = ['token' => 'whatever', 'ispapi' => ['app' => 'google-workspace', 'action' => 'connect']];
        $page = $this->world->call('webapps', $id);
        $this->assertSame('', $page['vars']['success']);
        $this->assertSame(['QueryDNSZoneRRList'], $this->world->simulator->receivedCommands());
        $this->assertSame($before, $this->zone($id));
    }

    public function testAPostWithoutTheTokenIsStoppedBeforeAnyCommand(): void
    {
        $id = $this->domain();
        $before = $this->zone($id);
        $this->world->simulator->control(['clear_log' => true]);
        foreach (['forged-token', ''] as $token) {
            try {
                $this->world->postPage('webapps', $id, ['app' => 'google-workspace', 'action' => 'connect'], $token);
                $this->fail("the token \"$token\" was accepted");
            } catch (TokenRefused) {
                // WHMCS ends the request here.
            }
        }
        $this->assertSame([], $this->world->simulator->receivedCommands());
        $this->assertSame($before, $this->zone($id));
    }

    public function testADomainWithoutAZoneIsToldThatDnsManagementMustBeActive(): void
    {
        $id = $this->domain(dnsManagement: false);
        $page = $this->world->call('webapps', $id);
        $this->assertStringContainsString('DNS management is not active for', $page['vars']['error']);
        $this->assertSame([], $page['vars']['apps']);

        $this->world->simulator->control(['clear_log' => true]);
        $post = $this->world->postPage('webapps', $id, ['app' => 'google-workspace', 'action' => 'connect']);
        $this->assertStringContainsString('activate DNS management for the domain first', $post['vars']['error']);
        $this->assertSame(['QueryDNSZoneRRList'], $this->world->simulator->receivedCommands(), 'no zone is created, nothing is written');
        $this->assertSame(545, $this->query($id)['code']);
    }

    public function testAnUnknownAppOrActionChangesNothing(): void
    {
        $id = $this->domain();
        $before = $this->zone($id);
        $this->world->simulator->control(['clear_log' => true]);
        $page = $this->world->postPage('webapps', $id, ['app' => '<script>', 'action' => 'connect']);
        $this->assertSame('Choose a web app to connect or disconnect.', $page['vars']['error']);
        $page = $this->world->postPage('webapps', $id, ['app' => 'google-workspace', 'action' => 'delete-zone']);
        $this->assertSame('Choose whether to connect or to disconnect the web app.', $page['vars']['error']);
        $this->assertSame(['QueryDNSZoneRRList', 'QueryDNSZoneRRList'], $this->world->simulator->receivedCommands());
        $this->assertSame($before, $this->zone($id));
    }
}
