<?php

declare(strict_types=1);

namespace Harness\Tests;

use Harness\NotModelled;
use PHPUnit\Framework\TestCase;
use WHMCS\Carbon;
use WHMCS\Domain\Registrar\Domain as RegistrarDomain;
use WHMCS\Domain\TopLevel\ImportItem;
use WHMCS\Domains\Domain;
use WHMCS\Domains\DomainLookup\ResultsList;
use WHMCS\Domains\DomainLookup\SearchResult;

final class ClassesTest extends TestCase
{
    public function testADomainSplitsAtTheFirstDot(): void
    {
        $domain = new Domain('shop.example.co.uk');
        self::assertSame(['shop', 'example.co.uk', 'uk', '.example.co.uk'], [$domain->getSecondLevel(), $domain->getTopLevel(),
            $domain->getLastTLDSegment(), $domain->getDotTopLevel()]);
        self::assertFalse($domain->isIdn());
    }

    public function testADomainConvertsBetweenUnicodeAndPunycode(): void
    {
        $unicode = new Domain('fußball.de');
        self::assertTrue($unicode->isIdn());
        self::assertSame(['xn--fuball-cta.de', 'fußball.de', 'xn--fuball-cta', 'fußball'], [$unicode->toPunycode(),
            $unicode->toUnicode(), $unicode->getPunycodeSecondLevel(), $unicode->getUnicodeSecondLevel()]);
        self::assertSame('fußball.de', (new Domain('xn--fuball-cta.de'))->toUnicode());
    }

    public function testANameWithoutADotIsNotADomain(): void
    {
        $this->expectException(\InvalidArgumentException::class);
        new Domain('localhost');
    }

    public function testASearchResultTakesOnlyKnownStatuses(): void
    {
        $result = new SearchResult('example', '.com');
        self::assertSame(['example.com', 'com', SearchResult::STATUS_UNKNOWN, false], [$result->getDomain(), $result->getTopLevel(),
            $result->getStatus(), $result->isPremium()]);
        $result->setStatus(SearchResult::STATUS_RESERVED);
        self::assertSame(SearchResult::STATUS_RESERVED, $result->getStatus());
        self::assertSame('example.net', SearchResult::factoryFromDomain(new Domain('example.net'))->getDomain());
        $this->expectException(\InvalidArgumentException::class);
        $result->setStatus('free');
    }

    public function testAResultsListHoldsOnlySearchResults(): void
    {
        $list = new ResultsList();
        $list->append(new SearchResult('a', 'com'));
        self::assertCount(1, $list);
        $this->expectException(\InvalidArgumentException::class);
        $list[] = 'a.com';
    }

    public function testAnImportItemHasTheDocumentedDefaults(): void
    {
        $item = (new ImportItem())->setExtension('.de')->setRegisterPrice('4.5')->setCurrency('eur');
        self::assertSame([1, 10, 1, range(1, 10), 4.5, null, 'EUR', false], [$item->getMinYears(), $item->getMaxYears(),
            $item->getYearsStep(), $item->getYears(), $item->getRegisterPrice(), $item->getRenewPrice(), $item->getCurrency(),
            $item->getEppRequired()]);
        self::assertSame([1, 3, 5], $item->setMinYears(1)->setMaxYears(5)->setYearsStep(2)->getYears());
        self::assertSame([2, 5], $item->setYears(['2', 5])->getYears());
    }

    public function testARegistrarDomainNamesListedNameservers(): void
    {
        $domain = (new RegistrarDomain())->setNameservers(['a.example', 'b.example'])->setPendingSuspension(1);
        self::assertSame(['ns1' => 'a.example', 'ns2' => 'b.example'], $domain->getNameservers());
        self::assertTrue($domain->getPendingSuspension());
        self::assertNull($domain->getTransferLock());
        self::assertNull($domain->getExpiryDate());
    }

    public function testCarbonIsWhmcsCarbon(): void
    {
        $date = Carbon::createFromFormat('Y-m-d', '2024-02-28')->addDays(2);
        self::assertInstanceOf(\Carbon\Carbon::class, $date);
        self::assertSame('2024-03-01', $date->toDateString());
    }

    public function testAppReadsTheRequestAndRefusesWhatItDoesNotModel(): void
    {
        $_REQUEST = ['status' => '1', 'nested' => ['a' => 'b']];
        self::assertSame('1', \App::getFromRequest('status'));
        self::assertSame('b', \App::getFromRequest('nested', 'a'));
        self::assertSame('', \App::getFromRequest('missing'));
        $_REQUEST = [];
        $this->expectException(NotModelled::class);
        \App::getCurrentFilename();
    }
}
