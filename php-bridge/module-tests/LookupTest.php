<?php

declare(strict_types=1);

namespace IspapiCore\ModuleTests;

use Harness\Params;
use Harness\Whmcs;
use IspapiCore\ModuleTests\Support\World;
use PHPUnit\Framework\TestCase;
use WHMCS\Domains\DomainLookup\ResultsList;
use WHMCS\Domains\DomainLookup\SearchResult;

/**
 * The lookup provider as WHMCS's cart calls it: availability with premium and IDN names,
 * suggestions, premium prices for renewals, against the simulator's demo catalog.
 */
final class LookupTest extends TestCase
{
    private World $world;

    protected function setUp(): void
    {
        $this->world = World::get();
        $this->world->useApi('ISPAPI');
        $this->world->simulator->control(['reset' => true]);
    }

    /**
     * @param list<string> $tlds
     * @param array<string, mixed> $extra
     * @return array<string, SearchResult> by domain
     */
    private function lookup(string $function, string $term, array $tlds, array $extra = []): array
    {
        $list = Whmcs::callRegistrar($function, Params::forLookup($term, $tlds, 'ispapi', $extra));
        $this->assertInstanceOf(ResultsList::class, $list, json_encode($list));
        $results = [];
        foreach ($list as $result) {
            $results[$result->getSecondLevel() . '.' . $result->getTopLevel()] = $result;
        }
        return $results;
    }

    /** @return list<string> the DOMAIN parameters of every CheckDomains the simulator received */
    private function checkedNames(): array
    {
        $names = [];
        foreach ($this->world->simulator->received() as $text) {
            if (preg_match('/^COMMAND=CheckDomains$/m', $text)) {
                preg_match_all('/^DOMAIN\d+=(.*)$/m', $text, $m);
                $names = array_merge($names, $m[1]);
            }
        }
        return $names;
    }

    public function testAPremiumNameIsAvailableWithItsRegisterAndRenewPrice(): void
    {
        $results = $this->lookup('CheckAvailability', 'gold', ['.ai', '.net', '.com'], ['premiumEnabled' => true]);
        $gold = $results['gold.ai'];
        $this->assertSame(SearchResult::STATUS_NOT_REGISTERED, $gold->getStatus());
        $this->assertTrue($gold->isPremium());
        $this->assertSame(['register' => 1500.0, 'renew' => 1500.0, 'CurrencyCode' => 'USD'], $gold->getPremiumCostPricing());
        $this->assertSame(SearchResult::STATUS_NOT_REGISTERED, $results['gold.net']->getStatus());
        $this->assertFalse($results['gold.net']->isPremium());
    }

    public function testWithoutPremiumDomainsAPremiumNameIsNotForSale(): void
    {
        $results = $this->lookup('CheckAvailability', 'gold', ['.ai'], ['premiumEnabled' => false]);
        $this->assertSame(SearchResult::STATUS_RESERVED, $results['gold.ai']->getStatus());
        $this->assertSame([], $results['gold.ai']->getPremiumCostPricing());
        foreach ($this->world->simulator->received() as $text) {
            $this->assertStringNotContainsString('PREMIUMCHANNELS', $text);
        }
    }

    public function testReservedRegisteredAndUnsupportedNames(): void
    {
        $owned = $this->world->domain(World::unique('net'));
        $this->world->call('RegisterDomain', $owned);
        $registered = explode('.', (string) \WHMCS\Database\Capsule::table('tbldomains')->where('id', $owned)->value('domain'))[0];
        $results = $this->lookup('CheckAvailability', 'nic', ['.com', '.ai', '.xyz']);
        $this->assertSame(SearchResult::STATUS_RESERVED, $results['nic.com']->getStatus());
        $this->assertSame(SearchResult::STATUS_RESERVED, $results['nic.ai']->getStatus());
        $this->assertSame(SearchResult::STATUS_TLD_NOT_SUPPORTED, $results['nic.xyz']->getStatus());
        $mine = $this->lookup('CheckAvailability', $registered, ['.net']);
        $this->assertSame(SearchResult::STATUS_REGISTERED, $mine["$registered.net"]->getStatus());
    }

    public function testTldsTheApiDoesNotOfferFallBackToWhoisWithTheSampleOverrides(): void
    {
        // A WHOIS server on loopback: "taken…" names are registered, every other name is free.
        $script = '$s = stream_socket_server("tcp://127.0.0.1:0"); echo stream_socket_get_name($s, false), "\n";'
            . ' while ($c = @stream_socket_accept($s, 60)) { $q = trim((string) fgets($c));'
            . ' fwrite($c, str_starts_with($q, "taken") ? "Domain Name: $q\r\nRegistrar: Elsewhere\r\n" : "NOT FOUND: $q\r\n");'
            . ' fclose($c); }';
        $server = proc_open([PHP_BINARY, '-r', $script], [1 => ['pipe', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
        $this->assertIsResource($server);
        $address = trim((string) fgets($pipes[1]));
        $this->assertMatchesRegularExpression('/^127\.0\.0\.1:\d+$/', $address);

        // The admin copies our sample into resources/domains/whois.json, plus a server of their own.
        $dir = $this->world->dir . '/whmcs/resources/domains';
        is_dir($dir) || mkdir($dir, 0777, true);
        $entries = json_decode((string) file_get_contents(\dirname(__DIR__) . '/modules/registrars/ispapi/sample_whois.json'), true, 512, JSON_THROW_ON_ERROR);
        $entries[] = ['extensions' => '.xyz', 'uri' => "socket://$address", 'available' => 'NOT FOUND'];
        file_put_contents("$dir/whois.json", json_encode($entries, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES));
        try {
            $results = [];
            foreach (\Harness\DomainLookup::check('ispapi', 'nic', ['.com', '.xyz']) as $r) {
                $results[$r->getSecondLevel() . '.' . $r->getTopLevel()] = $r->getStatus();
            }
            // .com from the API (reserved there); .xyz, which the API does not offer, by WHOIS.
            $this->assertSame(['nic.com' => SearchResult::STATUS_RESERVED, 'nic.xyz' => SearchResult::STATUS_NOT_REGISTERED], $results);
            $taken = iterator_to_array(\Harness\DomainLookup::check('ispapi', 'taken-here', ['.xyz']));
            $this->assertSame(SearchResult::STATUS_REGISTERED, $taken[0]->getStatus());
            // The sample's servers are found under their TLDs, IDN TLDs in both forms.
            $this->assertSame('socket://whois.nic.google', \Harness\Whois::server('.app')['uri'] ?? null);
            $this->assertSame(\Harness\Whois::server('.рф'), \Harness\Whois::server('.xn--p1ai'));
            $this->assertNotNull(\Harness\Whois::server('.ai'));
        } finally {
            unlink("$dir/whois.json");
            proc_terminate($server);
            proc_close($server);
        }
    }

    public function testIdnNamesAreCheckedAsEachRegistryWritesThem(): void
    {
        $this->world->simulator->control(['clear_log' => true]);
        $results = $this->lookup('CheckAvailability', 'fußball', ['.de', '.com']);
        $this->assertSame(['xn--fuball-cta.de', 'fussball.com'], $this->checkedNames());
        $this->assertArrayHasKey('fußball.de', $results);
        $this->assertArrayHasKey('fussball.com', $results);
        $this->assertSame(SearchResult::STATUS_NOT_REGISTERED, $results['fußball.de']->getStatus());
    }

    public function testManyTldsAreCheckedInBatchesOf32(): void
    {
        $demo = json_decode((string) file_get_contents(\dirname(__DIR__, 2) . '/fixtures/simulator/demo.json'), true);
        $tlds = array_map(static fn (string $t): string => ".$t", array_keys($demo['catalog']['tlds']));
        // TLDs the API does not offer are checked too (and reported as not supported).
        for ($i = 0; $i < 40; $i++) {
            $tlds[] = ".unoffered$i";
        }
        $this->world->simulator->control(['clear_log' => true]);
        $results = $this->lookup('CheckAvailability', 'batch' . getmypid(), $tlds);
        $this->assertCount(\count($tlds), $results);
        $batches = array_filter($this->world->simulator->received(), static fn (string $t): bool => str_contains($t, 'COMMAND=CheckDomains'));
        $this->assertCount((int) ceil(\count($tlds) / 32), $batches);
        foreach ($batches as $text) {
            $this->assertLessThanOrEqual(32, preg_match_all('/^DOMAIN\d+=/m', $text));
        }
    }

    public function testATemporaryApiFailureIsUnknownNotABrokenCart(): void
    {
        $this->world->simulator->control(['fault' => 'temporary_421', 'times' => 5, 'command' => 'CheckDomains']);
        $results = $this->lookup('CheckAvailability', 'busy', ['.com', '.net']);
        $this->assertSame(SearchResult::STATUS_UNKNOWN, $results['busy.com']->getStatus());
    }

    public function testSuggestionsAreAvailableNamesUnderTheLookupsTlds(): void
    {
        $settings = ['suggestions' => 'on', 'suggestTlds' => '', 'safeSearch' => 'on', 'maxSuggestions' => '10'];
        $results = $this->lookup('GetDomainSuggestions', 'coffee', ['.com', '.net', '.io', '.co.uk'], ['suggestionSettings' => $settings]);
        $this->assertNotEmpty($results);
        $this->assertLessThanOrEqual(10, \count($results));
        $scores = [];
        foreach ($results as $domain => $r) {
            $this->assertSame(SearchResult::STATUS_NOT_REGISTERED, $r->getStatus(), $domain);
            $this->assertContains($r->getTopLevel(), ['com', 'net', 'io'], $domain);
            $this->assertNotContains($domain, ['coffee.com', 'coffee.net', 'coffee.io']);
            $scores[] = $r->getScore();
        }
        $sorted = $scores;
        rsort($sorted);
        $this->assertSame($sorted, $scores, 'best first');

        $only = $this->lookup('GetDomainSuggestions', 'coffee', ['.com', '.net'], ['suggestionSettings' => ['suggestTlds' => 'net'] + $settings]);
        foreach ($only as $domain => $r) {
            $this->assertSame('net', $r->getTopLevel(), $domain);
        }
        $off = $this->lookup('GetDomainSuggestions', 'coffee', ['.com'], ['suggestionSettings' => ['suggestions' => ''] + $settings]);
        $this->assertSame([], $off);
    }

    /** CNR: suggestions come from GetNameSuggestion, kept to the lookup's TLDs as on ISPAPI. */
    public function testOnCnrSuggestionsComeFromGetNameSuggestion(): void
    {
        $this->world->useApi('CNR');
        $this->world->simulator->control(['clear_log' => true]);
        $settings = ['suggestions' => 'on', 'suggestTlds' => '', 'safeSearch' => 'on', 'maxSuggestions' => '10'];
        $results = $this->lookup('GetDomainSuggestions', 'coffee', ['.com', '.net'], ['suggestionSettings' => $settings]);
        $this->assertNotEmpty($results);
        foreach ($results as $domain => $r) {
            $this->assertSame(SearchResult::STATUS_NOT_REGISTERED, $r->getStatus(), $domain);
            $this->assertContains($r->getTopLevel(), ['com', 'net'], $domain);
        }
        $sent = implode("\n", $this->world->simulator->received());
        $this->assertStringContainsString("COMMAND=GetNameSuggestion\nNAME=coffee", $sent);
        $this->assertStringNotContainsString('QueryDomainSuggestionList', $sent);
    }

    /**
     * CNR: premium names are priced by the fee extension (X-FEE-COMMAND#=ADD, then RENEW for the
     * renewal price), never with ISPAPI's PREMIUMCHANNELS; without Premium Domains no fee is
     * asked and CNR calls the name not available.
     */
    public function testOnCnrAPremiumNameIsPricedByItsFee(): void
    {
        $this->world->useApi('CNR');
        $this->world->simulator->control(['clear_log' => true]);
        $results = $this->lookup('CheckAvailability', 'coffee', ['.shop', '.net'], ['premiumEnabled' => true]);
        $coffee = $results['coffee.shop'];
        $this->assertSame(SearchResult::STATUS_NOT_REGISTERED, $coffee->getStatus());
        $this->assertTrue($coffee->isPremium());
        $this->assertSame(['register' => 320.0, 'renew' => 320.0, 'CurrencyCode' => 'USD'], $coffee->getPremiumCostPricing());
        $this->assertFalse($results['coffee.net']->isPremium());
        $sent = implode("\n", $this->world->simulator->received());
        $this->assertStringContainsString('X-FEE-COMMAND0=ADD', $sent);
        $this->assertStringContainsString('X-FEE-COMMAND0=RENEW', $sent);
        $this->assertStringNotContainsString('PREMIUMCHANNELS', $sent);

        $off = $this->lookup('CheckAvailability', 'coffee', ['.shop'], ['premiumEnabled' => false]);
        $this->assertNotSame(SearchResult::STATUS_NOT_REGISTERED, $off['coffee.shop']->getStatus());
        $this->assertSame([], $off['coffee.shop']->getPremiumCostPricing());
    }

    public function testThePremiumRenewalPriceOfAnOwnedPremiumDomain(): void
    {
        $id = $this->world->domain('vip.ai', ['is_premium' => 1]);
        $prices = $this->world->call('GetPremiumPrice', $id);
        $this->assertSame(450.0, $prices['renew'] ?? null, json_encode($prices));
        $this->assertSame('USD', $prices['CurrencyCode']);
        $plain = $this->world->call('GetPremiumPrice', $this->world->domain(World::unique('com')));
        $this->assertSame([], $plain);
    }

    public function testTheLookupSettingsPageIsTheCoresData(): void
    {
        $options = Whmcs::callRegistrar('DomainSuggestionOptions', [], 'ispapi');
        $this->assertSame(['suggestions', 'suggestTlds', 'suggestPremium', 'safeSearch', 'maxSuggestions'], array_keys($options));
        $this->assertSame('yesno', $options['safeSearch']['Type']);
    }
}
