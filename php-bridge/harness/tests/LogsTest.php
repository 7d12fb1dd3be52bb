<?php

declare(strict_types=1);

namespace Harness\Tests;

use Harness\AdminSession;
use WHMCS\Config\Setting;
use WHMCS\Database\Capsule;

final class LogsTest extends HarnessTestCase
{
    public function testEachReplaceVarIsMaskedByAsManyStarsWhereverItOccurs(): void
    {
        self::assertTrue(logModuleCall(
            'ispapi',
            'CheckDomains',
            "s_login=reseller\ns_pw=Secret#42\nCOMMAND=CheckDomains",
            "code = 200\ndescription = ok for reseller",
            'login reseller used Secret#42',
            ['reseller', 'Secret#42']
        ));
        $row = Capsule::table('tblmodulelog')->first();
        self::assertSame('ispapi', $row->module);
        self::assertSame('CheckDomains', $row->action);
        self::assertSame("s_login=********\ns_pw=*********\nCOMMAND=CheckDomains", $row->request);
        self::assertSame("code = 200\ndescription = ok for ********", $row->response);
        self::assertSame('login ******** used *********', $row->arrdata);
        self::assertMatchesRegularExpression('/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/', $row->date);
    }

    public function testArrayDataIsLoggedReadablyAndMasked(): void
    {
        logModuleCall('ispapi', 'StatusAccount', ['s_pw' => 'hunter2', 'COMMAND' => 'StatusAccount'], ['CODE' => 200], ['AMOUNT' => '10.00'], ['hunter2']);
        $row = Capsule::table('tblmodulelog')->first();
        self::assertStringContainsString('[s_pw] => *******', $row->request);
        self::assertStringNotContainsString('hunter2', $row->request);
        self::assertStringContainsString('[CODE] => 200', $row->response);
        self::assertStringContainsString('[AMOUNT] => 10.00', $row->arrdata);
    }

    public function testASecretThatContainsAnotherIsMaskedWhole(): void
    {
        logModuleCall('ispapi', 'Login', 'pw=abc123 user=abc', '', '', ['abc', 'abc123']);
        self::assertSame('pw=****** user=***', Capsule::table('tblmodulelog')->value('request'));
    }

    public function testNothingIsLoggedWhileModuleLoggingIsOff(): void
    {
        Setting::setValue('ModuleDebugMode', '');
        self::assertFalse(logModuleCall('ispapi', 'CheckDomains', 'a', 'b'));
        self::assertSame(0, Capsule::table('tblmodulelog')->count());
    }

    public function testLogActivityNamesTheSystemOrTheLoggedInAdmin(): void
    {
        logActivity('Cron ran');
        AdminSession::loginAs($this->adminId);
        logActivity('Domain synced', 7);
        $rows = Capsule::table('tblactivitylog')->orderBy('id')->get();
        self::assertSame(['Cron ran', 'System', 0, 0], [$rows[0]->description, $rows[0]->user, (int) $rows[0]->userid, (int) $rows[0]->admin_id]);
        self::assertSame(['Domain synced', 'admin', 7, $this->adminId], [$rows[1]->description, $rows[1]->user, (int) $rows[1]->userid, (int) $rows[1]->admin_id]);
    }
}
