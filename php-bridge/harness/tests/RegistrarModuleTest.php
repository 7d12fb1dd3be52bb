<?php

declare(strict_types=1);

namespace Harness\Tests;

use Harness\Params;
use Harness\Seed;
use Harness\Whmcs;
use WHMCS\Carbon;
use WHMCS\Database\Capsule;
use WHMCS\Domain\Registrar\Domain as RegistrarDomain;
use WHMCS\Domain\TopLevel\ImportItem;
use WHMCS\Domains\DomainLookup\ResultsList;
use WHMCS\Domains\DomainLookup\SearchResult;
use WHMCS\Results\ResultsList as TldResults;

final class RegistrarModuleTest extends HarnessTestCase
{
    private int $domainId;

    protected function setUp(): void
    {
        parent::setUp();
        Seed::registrar('sampleregistrar', ['Username' => 'reseller', 'Password' => 'Secret#42']);
        $this->domainId = Seed::domain(Seed::client(), 'example.com', ['registrar' => 'sampleregistrar', 'idprotection' => 1]);
    }

    public function testRegisterDomainIsCalledWithParamsAndItsLogEntryIsMasked(): void
    {
        $result = Whmcs::callRegistrar('RegisterDomain', Params::forDomain($this->domainId, 'sampleregistrar'));
        self::assertSame(['success' => true], $result);
        $log = Capsule::table('tblmodulelog')->first();
        self::assertSame(['sampleregistrar', 'RegisterDomain'], [$log->module, $log->action]);
        self::assertStringContainsString("s_login=********\ns_pw=*********\nCOMMAND=AddDomain\nDOMAIN=example.com", $log->request);
        self::assertStringContainsString('OWNERCONTACT0=John Doe', $log->request);
        self::assertStringContainsString('login = ********', $log->response);
        foreach ([$log->request, $log->response, $log->arrdata] as $text) {
            self::assertStringNotContainsString('Secret#42', $text);
            self::assertStringNotContainsString('reseller', $text);
        }
    }

    public function testGetDomainInformationReturnsTheRegistrarDomainObject(): void
    {
        $info = Whmcs::callRegistrar('GetDomainInformation', Params::forDomain($this->domainId, 'sampleregistrar'));
        self::assertInstanceOf(RegistrarDomain::class, $info);
        self::assertSame('example.com', $info->getDomain());
        self::assertSame(['ns1' => 'ns1.example.net', 'ns2' => 'ns2.example.net'], $info->getNameservers());
        self::assertSame(RegistrarDomain::STATUS_ACTIVE, $info->getRegistrationStatus());
        self::assertTrue($info->getTransferLock());
        self::assertTrue($info->getIdProtectionStatus());
        self::assertInstanceOf(Carbon::class, $info->getExpiryDate());
        self::assertSame('2030-01-31', $info->getExpiryDate()->toDateString());
        self::assertTrue($info->isIrtpEnabled());
        self::assertNull($info->getIrtpOptOutStatus());
        self::assertSame(['Registrant' => ['First Name', 'Last Name', 'Organization Name', 'Email']], $info->getIrtpVerificationTriggerFields());
    }

    public function testCheckAvailabilityReturnsSearchResults(): void
    {
        $results = Whmcs::callRegistrar('CheckAvailability', Params::forLookup('example', ['.com', '.net', '.shop'], 'sampleregistrar', ['premiumEnabled' => true]));
        self::assertInstanceOf(ResultsList::class, $results);
        self::assertCount(3, $results);
        $byDomain = [];
        foreach ($results as $result) {
            self::assertInstanceOf(SearchResult::class, $result);
            $byDomain[$result->getDomain()] = [$result->getStatus(), $result->isPremium()];
        }
        self::assertSame([
            'example.com' => [SearchResult::STATUS_REGISTERED, false],
            'example.net' => [SearchResult::STATUS_NOT_REGISTERED, false],
            'example.shop' => [SearchResult::STATUS_NOT_REGISTERED, true],
        ], $byDomain);
        self::assertSame(['register' => 250.0, 'renew' => 250.0, 'CurrencyCode' => 'USD'], $results[2]->getPremiumCostPricing());
    }

    public function testGetTldPricingReturnsImportItems(): void
    {
        $items = Whmcs::callRegistrar('GetTldPricing', getRegistrarConfigOptions('sampleregistrar'), 'sampleregistrar');
        self::assertInstanceOf(TldResults::class, $items);
        $item = $items[0];
        self::assertInstanceOf(ImportItem::class, $item);
        self::assertSame(['.com', 8.5, 'USD', true, range(1, 10)], [$item->getExtension(), $item->getRegisterPrice(),
            $item->getCurrency(), $item->getEppRequired(), $item->getYears()]);
    }

    public function testAModuleReadsWhmcsDataThroughLocalApi(): void
    {
        self::assertSame('John Doe', Whmcs::callRegistrar('AdminClientInfo', Params::forDomain($this->domainId, 'sampleregistrar')));
    }

    public function testMetadataAndSupportedFunctionsAreKnown(): void
    {
        self::assertSame(['DisplayName' => 'Sample Registrar', 'APIVersion' => '1.1'], Whmcs::registrarMetaData('sampleregistrar'));
        self::assertTrue(Whmcs::registrarSupports('sampleregistrar', 'SaveRegistrarLock'));
        self::assertFalse(Whmcs::registrarSupports('sampleregistrar', 'TransferDomain'));
    }

    public function testCallingAFunctionTheModuleLacksIsAnError(): void
    {
        $this->expectException(\BadFunctionCallException::class);
        Whmcs::callRegistrar('TransferDomain', Params::forDomain($this->domainId, 'sampleregistrar'));
    }

    public function testARegistrarThatIsNotInstalledIsAnError(): void
    {
        $this->expectException(\RuntimeException::class);
        Whmcs::callRegistrar('RegisterDomain', ['registrar' => 'nosuchregistrar']);
    }
}
