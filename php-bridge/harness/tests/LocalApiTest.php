<?php

declare(strict_types=1);

namespace Harness\Tests;

use Harness\NotModelled;
use Harness\Seed;
use WHMCS\Database\Capsule;

final class LocalApiTest extends HarnessTestCase
{
    public function testGetClientsDetailsAnswersWithTheClientAndItsDerivedFields(): void
    {
        $id = Seed::client(['country' => 'GB', 'state' => 'Tester', 'phonenumber' => '01234567890']);
        $result = localAPI('GetClientsDetails', ['clientid' => $id, 'stats' => false]);
        self::assertSame('success', $result['result']);
        $client = $result['client'];
        self::assertSame($id, $client['id']);
        self::assertSame('John Doe', $client['fullname']);
        self::assertSame('United Kingdom', $client['countryname']);
        self::assertSame('44', $client['phonecc']);
        self::assertSame('+44.1234567890', $client['phonenumberformatted']);
        self::assertSame('Tester', $client['state']);
        self::assertSame('USD', $client['currency_code']);
        self::assertSame('John', $result['firstname'], 'WHMCS repeats client fields at the top level');
    }

    public function testGetClientsDetailsReportsMissingAndUnknownClients(): void
    {
        self::assertSame(['result' => 'error', 'message' => 'Either clientid Or email Is Required'], localAPI('GetClientsDetails', []));
        self::assertSame(['result' => 'error', 'message' => 'Client Not Found'], localAPI('GetClientsDetails', ['clientid' => 99]));
        self::assertSame('Client Not Found', localAPI('GetClientsDetails', ['email' => 'nobody@example.com'])['message']);
    }

    public function testGetClientsPagesAndSearchesAndNestsResults(): void
    {
        Seed::client(['firstname' => 'Anna', 'email' => 'anna@example.com']);
        Seed::client(['firstname' => 'Bert', 'email' => 'bert@example.com']);
        Seed::client(['firstname' => 'Anton', 'email' => 'anton@example.com', 'status' => 'Closed']);
        $all = localAPI('getclients', ['limitnum' => 2]);
        self::assertSame([3, 0, 2], [$all['totalresults'], $all['startnumber'], $all['numreturned']]);
        self::assertSame('Anna', $all['clients']['client'][0]['firstname']);
        $search = localAPI('GetClients', ['search' => 'An', 'status' => 'Active']);
        self::assertSame(['anna@example.com'], array_column($search['clients']['client'], 'email'));
        $desc = localAPI('GetClients', ['orderby' => 'firstname', 'sorting' => 'DESC']);
        self::assertSame('Bert', $desc['clients']['client'][0]['firstname']);
    }

    public function testAddClientCreatesAClientAndRefusesADuplicateEmail(): void
    {
        $values = ['firstname' => 'Jane', 'lastname' => 'Roe', 'email' => 'jane@example.com', 'address1' => '1 Road',
            'city' => 'Town', 'state' => 'Berlin', 'postcode' => '10115', 'country' => 'DE', 'phonenumber' => '030 1234567',
            'password2' => 'pw', 'currency' => $this->currencies['EUR']];
        $added = localAPI('AddClient', $values);
        self::assertSame('success', $added['result']);
        $client = localAPI('GetClientsDetails', ['clientid' => $added['clientid']])['client'];
        self::assertSame(['Jane', 'EUR', '+49.301234567'], [$client['firstname'], $client['currency_code'], $client['phonenumberformatted']]);
        self::assertSame(['result' => 'error', 'message' => 'A user already exists with that email address'], localAPI('AddClient', $values));
        self::assertSame('You did not enter your city', localAPI('AddClient', ['city' => ''] + ['email' => 'x@example.com'] + $values)['message']);
    }

    public function testAddClientWithoutAnOwnerUserNeedsAPasswordEvenWithSkipValidation(): void
    {
        $values = ['firstname' => 'Jo', 'lastname' => 'Poe', 'email' => 'jo@example.com', 'country' => 'DE', 'skipvalidation' => true];
        $refused = localAPI('AddClient', $values);
        self::assertSame('error', $refused['result']);
        self::assertStringContainsString('password2', $refused['message']);
        self::assertSame('success', localAPI('AddClient', $values + ['password2' => 'x7-Secret'])['result']);
    }

    public function testGetPaymentMethodsListsTheActivatedGatewaysInOrder(): void
    {
        self::assertSame(['result' => 'success', 'totalresults' => 0, 'paymentmethods' => ['paymentmethod' => []]], localAPI('GetPaymentMethods', []));
        Seed::paymentGateway('paypal', 'PayPal', 2);
        Seed::paymentGateway('banktransfer', 'Bank Transfer', 1);
        self::assertSame([['module' => 'banktransfer', 'displayname' => 'Bank Transfer'], ['module' => 'paypal', 'displayname' => 'PayPal']],
            localAPI('GetPaymentMethods', [])['paymentmethods']['paymentmethod']);
    }

    public function testGetClientsDomainsListsDomainsNestedUnderDomain(): void
    {
        $client = Seed::client();
        $id = Seed::domain($client, 'example.com', ['registrar' => 'sampleregistrar', 'idprotection' => 1, 'additionalnotes' => 'n']);
        Seed::domain(Seed::client(['email' => 'o@example.com']), 'other.net');
        $result = localAPI('GetClientsDomains', ['clientid' => $client]);
        self::assertSame([1, 1], [$result['totalresults'], $result['numreturned']]);
        $domain = $result['domains']['domain'][0];
        self::assertSame($id, $domain['id']);
        self::assertSame(['example.com', 'sampleregistrar', 'Register', 1, 'n'], [
            $domain['domainname'], $domain['registrar'], $domain['regtype'], $domain['idprotection'], $domain['notes'],
        ]);
        self::assertSame(2, localAPI('GetClientsDomains', [])['totalresults']);
    }

    public function testUpdateClientDomainWritesTheDomainAndKnowsMissingIds(): void
    {
        $id = Seed::domain(Seed::client(), 'example.com');
        $result = localAPI('UpdateClientDomain', ['domainid' => $id, 'idprotection' => true, 'expirydate' => '2031-02-03',
            'notes' => 'INIT_TRANSFER_SUCCESS', 'status' => 'Expired', 'regperiod' => 2]);
        self::assertSame(['result' => 'success', 'domainid' => $id], $result);
        $row = Capsule::table('tbldomains')->where('id', $id)->first();
        self::assertSame([1, '2031-02-03', 'INIT_TRANSFER_SUCCESS', 'Expired', 2], [
            (int) $row->idprotection, $row->expirydate, $row->additionalnotes, $row->status, (int) $row->registrationperiod,
        ]);
        localAPI('UpdateClientDomain', ['domainid' => $id, 'idprotection' => false]);
        self::assertSame(0, (int) Capsule::table('tbldomains')->where('id', $id)->value('idprotection'));
        self::assertSame(['result' => 'error', 'message' => 'Domain ID Not Found'], localAPI('UpdateClientDomain', ['domainid' => 404]));
    }

    public function testGetTldPricingListsOfferedTermsPerCurrency(): void
    {
        Seed::tld('.com', [
            'USD' => ['register' => [1 => 10, 2 => 20], 'renew' => [1 => 12.5], 'transfer' => [1 => 0]],
            'EUR' => ['register' => [1 => 9]],
        ], ['idprotection' => 1, 'group' => 'hot', 'grace_period' => 30, 'grace_period_fee' => 0]);
        Seed::tld('.net', ['USD' => ['register' => [1 => 11]]]);
        $usd = localAPI('GetTLDPricing', []);
        self::assertSame(['id' => $this->currencies['USD'], 'code' => 'USD', 'prefix' => '$', 'suffix' => ' USD', 'format' => 1, 'rate' => '1.00000'], $usd['currency']);
        $com = $usd['pricing']['com'];
        self::assertSame([1 => '10.00', 2 => '20.00'], $com['register']);
        self::assertSame([1 => '12.50'], $com['renew']);
        self::assertSame([1 => '0.00'], $com['transfer']);
        self::assertSame(['dns' => false, 'email' => false, 'idprotect' => true], $com['addons']);
        self::assertSame(['hot', ['days' => 30, 'price' => '0.00'], null], [$com['group'], $com['grace_period'], $com['redemption_period']]);
        self::assertSame([], $usd['pricing']['net']['renew']);
        $eur = localAPI('GetTLDPricing', ['clientid' => Seed::client(['currency' => $this->currencies['EUR']])]);
        self::assertSame('EUR', $eur['currency']['code']);
        self::assertSame(['com'], array_keys($eur['pricing']));
    }

    public function testGetCurrenciesNestsCurrencyEntries(): void
    {
        $result = localAPI('GetCurrencies', []);
        self::assertSame(2, $result['totalresults']);
        self::assertSame(['USD', 'EUR'], array_column($result['currencies']['currency'], 'code'));
        self::assertSame('0.90000', $result['currencies']['currency'][1]['rate']);
    }

    public function testActivityIsLoggedAndListedNewestFirst(): void
    {
        self::assertSame(['result' => 'success'], localAPI('LogActivity', ['description' => 'first', 'clientid' => 3]));
        localAPI('LogActivity', ['description' => 'second']);
        $log = localAPI('GetActivityLog', []);
        self::assertSame(2, $log['totalresults']);
        self::assertSame(['second', 'first'], array_column($log['activity']['entry'], 'description'));
        self::assertSame(3, $log['activity']['entry'][1]['clientId']);
        self::assertSame(['first'], array_column(localAPI('GetActivityLog', ['clientid' => 3])['activity']['entry'], 'description'));
    }

    public function testConfigurationValuesAreReadAndWritten(): void
    {
        self::assertSame(['result' => 'success', 'value_changed' => true], localAPI('SetConfigurationValue', ['setting' => 'X', 'value' => '1']));
        self::assertSame(['result' => 'success', 'setting' => 'X', 'value' => '1'], localAPI('GetConfigurationValue', ['setting' => 'X']));
        self::assertSame('Parameter setting is required', localAPI('GetConfigurationValue', [])['message']);
    }

    public function testEncryptAndDecryptPasswordRoundTripWithFreshCiphertext(): void
    {
        $a = localAPI('EncryptPassword', ['password2' => 'teststring'])['password'];
        $b = localAPI('EncryptPassword', ['password2' => 'teststring'])['password'];
        self::assertNotSame($a, $b);
        self::assertStringNotContainsString('teststring', $a);
        self::assertSame(['result' => 'success', 'password' => 'teststring'], localAPI('DecryptPassword', ['password2' => $a]));
    }

    public function testModuleConfigurationParametersListTheConfigFields(): void
    {
        $result = localAPI('GetModuleConfigurationParameters', ['moduleType' => 'registrar', 'moduleName' => 'sampleregistrar']);
        self::assertSame('success', $result['result']);
        self::assertSame(['FriendlyName', 'Username', 'Password', 'TestMode'], array_column($result['parameters'], 'name'));
        self::assertSame('password', $result['parameters'][2]['fieldType']);
        self::assertSame('Invalid module name provided.', localAPI('GetModuleConfigurationParameters', ['moduleType' => 'registrar', 'moduleName' => 'x'])['message']);
    }

    public function testTodoItemsAreListedByStatus(): void
    {
        Capsule::table('tbltodolist')->insert([['date' => '2024-01-01', 'title' => 'a', 'status' => 'New', 'duedate' => '2024-02-01'],
            ['date' => '2024-01-01', 'title' => 'b', 'status' => 'Completed', 'duedate' => '2024-01-15']]);
        $open = localAPI('GetToDoItems', ['status' => 'Incomplete']);
        self::assertSame(1, $open['totalresults']);
        self::assertSame('a', $open['items']['item'][0]['title']);
        self::assertSame(['result' => 'success', 'totalresults' => 0, 'startnumber' => 0], localAPI('GetToDoItems', ['status' => 'Pending']));
    }

    public function testDomainUpdateLockingStatusCallsTheRegistrarModule(): void
    {
        Seed::registrar('sampleregistrar', ['Username' => 'u', 'Password' => 'p']);
        $client = Seed::client();
        $id = Seed::domain($client, 'example.com', ['registrar' => 'sampleregistrar']);
        self::assertSame(['result' => 'success'], localAPI('DomainUpdateLockingStatus', ['domainid' => $id, 'lockstatus' => true]));
        self::assertSame('locked', Capsule::table('tbldomains_extra')->where('domain_id', $id)->where('name', 'sampleLock')->value('value'));
        $refused = Seed::domain($client, 'refused.example', ['registrar' => 'sampleregistrar']);
        self::assertSame(
            ['result' => 'error', 'message' => 'Registry refused the lock change'],
            localAPI('DomainUpdateLockingStatus', ['domainid' => $refused, 'lockstatus' => false])
        );
    }

    public function testGetAdminDetailsNamesTheAdminsPermissions(): void
    {
        self::assertSame('error', localAPI('GetAdminDetails', [])['result'], 'no admin is logged in');
        $role = Seed::adminRole('Viewer', ['Main Homepage', 'View Clients Domains']);
        $id = Seed::admin('viewer', 'pw', $role);
        \Harness\AdminSession::loginAs($id);
        $details = localAPI('GetAdminDetails', []);
        self::assertSame('success', $details['result']);
        self::assertSame($id, $details['adminid']);
        self::assertSame('Main Homepage,View Clients Domains', $details['allowedpermissions']);
        Seed::admin('boss');
        self::assertStringContainsString('Edit Clients Domains', localAPI('GetAdminDetails', [], 'boss')['allowedpermissions']);
        \Harness\AdminSession::logout();
    }

    public function testACommandTheHarnessLacksIsNotAnswered(): void
    {
        $this->expectException(NotModelled::class);
        localAPI('GetInvoices', []);
    }

    public function testAnUnknownAdminUserIsRefused(): void
    {
        $this->expectException(\InvalidArgumentException::class);
        localAPI('GetCurrencies', [], 'nobody');
    }
}
