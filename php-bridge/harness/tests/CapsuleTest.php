<?php

declare(strict_types=1);

namespace Harness\Tests;

use Harness\Seed;
use Illuminate\Database\Connection;
use Illuminate\Database\Schema\Builder;
use WHMCS\Config\Setting;
use WHMCS\Database\Capsule;

final class CapsuleTest extends HarnessTestCase
{
    public function testCapsuleGivesTheQuerySchemaAndConnectionManagers(): void
    {
        self::assertInstanceOf(Builder::class, Capsule::schema());
        self::assertInstanceOf(Connection::class, Capsule::connection());
        self::assertInstanceOf(\PDO::class, Capsule::connection()->getPdo());
        $id = Seed::client(['firstname' => 'Jane']);
        $row = Capsule::table('tblclients')->where('id', $id)->first();
        self::assertInstanceOf(\stdClass::class, $row);
        self::assertSame('Jane', $row->firstname);
        self::assertSame(1, Capsule::table('tblclients')->where('firstname', 'Jane')->update(['lastname' => 'Roe']));
        self::assertSame('Roe', Capsule::table('tblclients')->where('id', $id)->value('lastname'));
    }

    public function testAFailedTransactionIsRolledBack(): void
    {
        try {
            Capsule::connection()->transaction(function ($connection): void {
                $connection->table('tbltodolist')->insert(['date' => '2024-01-01', 'title' => 'x']);
                throw new \RuntimeException('abort');
            });
            self::fail('the transaction should have thrown');
        } catch (\RuntimeException $e) {
            self::assertSame('abort', $e->getMessage());
        }
        self::assertSame(0, Capsule::table('tbltodolist')->count());
    }

    public function testTheWhmcsTablesHaveTheColumnsModulesUse(): void
    {
        $tables = [
            'tbldomains' => ['id', 'userid', 'orderid', 'type', 'registrationdate', 'domain', 'firstpaymentamount',
                'recurringamount', 'registrar', 'registrationperiod', 'expirydate', 'subscriptionid', 'promoid', 'status',
                'nextduedate', 'nextinvoicedate', 'additionalnotes', 'paymentmethod', 'dnsmanagement', 'emailforwarding',
                'idprotection', 'is_premium', 'donotrenew', 'reminders', 'synced', 'created_at', 'updated_at'],
            'tbldomains_extra' => ['id', 'domain_id', 'name', 'value', 'created_at', 'updated_at'],
            'tbldomainpricing' => ['id', 'extension', 'dnsmanagement', 'emailforwarding', 'idprotection', 'eppcode', 'autoreg',
                'order', 'group', 'grace_period', 'grace_period_fee', 'redemption_grace_period', 'redemption_grace_period_fee'],
            'tblpricing' => ['id', 'type', 'currency', 'relid', 'msetupfee', 'qsetupfee', 'ssetupfee', 'asetupfee', 'bsetupfee',
                'tsetupfee', 'monthly', 'quarterly', 'semiannually', 'annually', 'biennially', 'triennially'],
            'tblregistrars' => ['id', 'registrar', 'setting', 'value'],
            'tblconfiguration' => ['setting', 'value', 'created_at', 'updated_at'],
            'tblcurrencies' => ['id', 'code', 'prefix', 'suffix', 'format', 'rate', 'default'],
            'tbladdonmodules' => ['module', 'setting', 'value'],
            'tblclients' => ['id', 'firstname', 'lastname', 'companyname', 'email', 'address1', 'address2', 'city', 'state',
                'postcode', 'country', 'phonenumber', 'tax_id', 'currency', 'language', 'status'],
            'tbladmins' => ['id', 'roleid', 'username', 'password'],
            'tbltodolist' => ['id', 'date', 'title', 'description', 'admin', 'status', 'duedate'],
            'tblmodulelog' => ['id', 'date', 'module', 'action', 'request', 'response', 'arrdata'],
            'tblactivitylog' => ['id', 'date', 'description', 'user', 'userid', 'ipaddr'],
            'tbldomainsadditionalfields' => ['id', 'domainid', 'name', 'value'],
        ];
        foreach ($tables as $table => $columns) {
            self::assertTrue(Capsule::schema()->hasColumns($table, $columns), "$table lacks a column");
        }
    }

    public function testAnEmptyDateIsStoredAsWhmcsStoresIt(): void
    {
        $id = Capsule::table('tbldomains')->insertGetId(['userid' => 1, 'domain' => 'example.com']);
        self::assertSame('0000-00-00', Capsule::table('tbldomains')->where('id', $id)->value('nextduedate'));
    }

    public function testSettingsLiveInTblconfigurationAndTheConfigGlobal(): void
    {
        Setting::setValue('HarnessExample', 'one');
        self::assertSame('one', Setting::getValue('HarnessExample'));
        self::assertSame('one', Capsule::table('tblconfiguration')->where('setting', 'HarnessExample')->value('value'));
        self::assertSame('one', $GLOBALS['CONFIG']['HarnessExample']);
        Setting::setValue('HarnessExample', 'two');
        self::assertSame(1, Capsule::table('tblconfiguration')->where('setting', 'HarnessExample')->count());
        self::assertSame('two', Setting::getValue('HarnessExample'));
    }
}
