<?php

declare(strict_types=1);

namespace Harness\Tests;

use Harness\NotModelled;
use Harness\Params;
use Harness\Seed;
use WHMCS\Config\Setting;
use WHMCS\Database\Capsule;
use WHMCS\Domains\Domain;

final class ParamsTest extends HarnessTestCase
{
    private int $clientId;

    protected function setUp(): void
    {
        parent::setUp();
        Seed::registrar('sampleregistrar', ['Username' => 'reseller', 'Password' => 'Secret#42', 'TestMode' => true]);
        $this->clientId = Seed::client(['country' => 'DE', 'state' => 'Berlin', 'phonenumber' => '+49.30123456', 'companyname' => '']);
    }

    public function testParamsHoldTheDocumentedKeysForADomain(): void
    {
        $id = Seed::domain($this->clientId, 'example.co.uk', ['registrar' => 'sampleregistrar', 'registrationperiod' => 2,
            'dnsmanagement' => 1]);
        $params = Params::forDomain($id, 'sampleregistrar');
        $documented = ['userid', 'domainid', 'sld', 'tld', 'regperiod', 'ns1', 'ns2', 'ns3', 'ns4', 'ns5', 'firstname', 'lastname',
            'fullname', 'companyname', 'email', 'address1', 'address2', 'city', 'state', 'fullstate', 'postcode', 'countrycode',
            'countryname', 'phonenumber', 'phonecc', 'fullphonenumber', 'additionalfields', 'adminfirstname', 'adminlastname',
            'admincompanyname', 'adminemail', 'adminaddress1', 'adminaddress2', 'admincity', 'adminstate', 'adminfullstate',
            'adminpostcode', 'admincountry', 'adminphonenumber', 'adminfullphonenumber', 'dnsmanagement', 'emailforwarding',
            'idprotection', 'premiumEnabled', 'premiumCost', 'idnlanguage', 'domain_punycode', 'sld_punycode', 'tld_punycode',
            'is_idn', 'domain', 'registrar', 'status', 'domainObj', 'original'];
        self::assertSame([], array_values(array_diff($documented, array_keys($params))));
        self::assertSame(['reseller', 'Secret#42', 'on'], [$params['Username'], $params['Password'], $params['TestMode']]);
        self::assertSame(['example', 'co.uk', 'example.co.uk', 2, $id, $this->clientId], [
            $params['sld'], $params['tld'], $params['domain'], $params['regperiod'], $params['domainid'], $params['userid'],
        ]);
        self::assertSame(['ns1.example.net', 'ns2.example.net', ''], [$params['ns1'], $params['ns2'], $params['ns3']]);
        self::assertSame(['49', '+49.30123456', 'Germany', 'DE'], [$params['phonecc'], $params['fullphonenumber'],
            $params['countryname'], $params['countrycode']]);
        self::assertSame(['Berlin', 'Berlin'], [$params['state'], $params['fullstate']]);
        self::assertSame($params['email'], $params['adminemail']);
        self::assertTrue($params['dnsmanagement']);
        self::assertFalse($params['idprotection']);
        self::assertInstanceOf(Domain::class, $params['domainObj']);
        self::assertSame('uk', $params['domainObj']->getLastTLDSegment());
        self::assertSame($params['fullname'], $params['original']['fullname']);
        self::assertSame('example.co.uk', $params['original']['domainObj']->getDomain());
    }

    public function testSyncFunctionsGetOnlyTheDocumentedKeysAndTheSettings(): void
    {
        $id = Seed::domain($this->clientId, 'example.com', ['registrar' => 'sampleregistrar', 'status' => 'Pending Transfer']);
        foreach (['Sync', 'TransferSync'] as $function) {
            $params = Params::forFunction($function, $id, 'sampleregistrar');
            $keys = array_keys($params);
            sort($keys);
            self::assertSame(['Password', 'TestMode', 'Username', 'dnsmanagement', 'domain', 'domainid', 'emailforwarding',
                'idprotection', 'registrar', 'regperiod', 'sld', 'status', 'tld'], $keys, $function);
            self::assertSame(['example.com', 'Pending Transfer'], [$params['domain'], $params['status']]);
        }
        self::assertArrayHasKey('ns1', Params::forFunction('GetNameservers', $id, 'sampleregistrar'));
    }

    public function testUsStatesBecomeCodesWithTheFullNameBeside(): void
    {
        $client = Seed::client(['email' => 'us@example.com', 'country' => 'US', 'state' => 'Texas', 'phonenumber' => '(800) 555-1234']);
        $params = Params::forDomain(Seed::domain($client, 'example.com', ['registrar' => 'sampleregistrar']), 'sampleregistrar');
        self::assertSame(['TX', 'Texas', 'TX', 'Texas', '+1.8005551234'], [$params['state'], $params['fullstate'],
            $params['adminstate'], $params['adminfullstate'], $params['fullphonenumber']]);
    }

    public function testRegistrarSettingsAreNotStoredAsPlainText(): void
    {
        foreach (Capsule::table('tblregistrars')->pluck('value') as $value) {
            self::assertNotContains($value, ['reseller', 'Secret#42', 'on']);
        }
        self::assertSame(['Username' => 'reseller', 'Password' => 'Secret#42', 'TestMode' => 'on'], getRegistrarConfigOptions('sampleregistrar'));
    }

    public function testIdnParamsGiveThePunycodeForms(): void
    {
        $params = Params::forDomain(Seed::domain($this->clientId, 'münchen.de', ['registrar' => 'sampleregistrar']), 'sampleregistrar');
        self::assertTrue($params['is_idn']);
        self::assertSame(['xn--mnchen-3ya.de', 'xn--mnchen-3ya', 'de'], [$params['domain_punycode'], $params['sld_punycode'], $params['tld_punycode']]);
        // WHMCS transliterates the top level; the untouched name is under 'original'.
        self::assertSame('munchen', $params['sld']);
        self::assertSame('münchen', $params['original']['sld']);
        self::assertSame('münchen.de', $params['original']['domainObj']->getDomain());
    }

    public function testTopLevelParamsAreTransliteratedAndOriginalKeepsTheText(): void
    {
        $client = Seed::client(['firstname' => 'Jørgen', 'lastname' => 'Ågård', 'address1' => 'Große Straße 5',
            'city' => 'İzmir', 'email' => 'jorgen@example.com']);
        $params = Params::forDomain(Seed::domain($client, 'example.com', ['registrar' => 'sampleregistrar']), 'sampleregistrar');
        self::assertSame(['Jorgen', 'Agard', 'Grosze Strasze 5', 'Izmir', 'Jorgen'],
            [$params['firstname'], $params['lastname'], $params['address1'], $params['city'], $params['adminfirstname']]);
        self::assertSame(['Jørgen', 'Ågård', 'Große Straße 5', 'İzmir'], [$params['original']['firstname'],
            $params['original']['lastname'], $params['original']['address1'], $params['original']['city']]);
        self::assertSame('Ågård', Params::forRenewal(Params::forDomain(
            Seed::domain($client, 'example.net', ['registrar' => 'sampleregistrar']),
            'sampleregistrar'
        )['domainid'], 'sampleregistrar')['original']['lastname']);
        self::assertInstanceOf(\WHMCS\Domains\Domain::class, $params['domainObj']);
    }

    public function testAdditionalFieldsPremiumCostAndExtraValuesArePassed(): void
    {
        Setting::setValue('PremiumDomains', '1');
        $id = Seed::domain($this->clientId, 'premium.shop', ['registrar' => 'sampleregistrar', 'is_premium' => 1]);
        Seed::domainExtra($id, 'registrarCostPrice', '250.00');
        Seed::domainExtra($id, 'registrarRenewalCostPrice', '260.00');
        Seed::additionalField($id, 'Legal Type', 'Company');
        $params = Params::forDomain($id, 'sampleregistrar', ['eppcode' => 'AUTH-1', 'ns1' => 'ns.order.example']);
        self::assertTrue($params['premiumEnabled']);
        self::assertSame('250.00', $params['premiumCost']);
        self::assertSame(['Legal Type' => 'Company'], $params['additionalfields']);
        self::assertSame(['AUTH-1', 'ns.order.example'], [$params['eppcode'], $params['ns1']]);
        self::assertSame('260.00', Params::forRenewal($id, 'sampleregistrar')['premiumCost']);
    }

    public function testRenewalParamsTellGraceAndRedemptionPeriodsFromTheExpiryDate(): void
    {
        Seed::tld('.com', ['USD' => ['renew' => [1 => 10]]], ['grace_period' => 30, 'redemption_grace_period' => 30]);
        $flags = function (string $expiry): array {
            $id = Seed::domain($this->clientId, bin2hex(random_bytes(4)) . '.com', ['registrar' => 'sampleregistrar', 'expirydate' => $expiry]);
            $params = Params::forRenewal($id, 'sampleregistrar');
            return [$params['isInGracePeriod'], $params['isInRedemptionGracePeriod']];
        };
        self::assertSame([false, false], $flags(date('Y-m-d', strtotime('+10 days'))));
        self::assertSame([true, false], $flags(date('Y-m-d', strtotime('-10 days'))));
        self::assertSame([false, true], $flags(date('Y-m-d', strtotime('-40 days'))));
        self::assertSame([false, false], $flags(date('Y-m-d', strtotime('-70 days'))));
    }

    public function testLookupParamsCarryTheSearch(): void
    {
        $params = Params::forLookup('müller', ['com', '.shop'], 'sampleregistrar');
        self::assertSame(['müller', 'xn--mller-kva', ['.com', '.shop'], true, false], [$params['searchTerm'],
            $params['punyCodeSearchTerm'], $params['tldsToInclude'], $params['isIdnDomain'], $params['premiumEnabled']]);
        self::assertSame('reseller', $params['Username']);
    }

    public function testASeparateRegistrarAdminContactIsNotModelled(): void
    {
        Setting::setValue('RegistrarAdminUseClientDetails', '');
        $this->expectException(NotModelled::class);
        Params::forDomain(Seed::domain($this->clientId, 'example.com', ['registrar' => 'sampleregistrar']), 'sampleregistrar');
    }
}
