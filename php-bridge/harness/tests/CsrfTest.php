<?php

declare(strict_types=1);

namespace Harness\Tests;

use Harness\AdminSession;
use Harness\TokenRefused;

final class CsrfTest extends HarnessTestCase
{
    public function testGenerateTokenPrintsTheSessionTokenInThreeForms(): void
    {
        AdminSession::loginAs($this->adminId);
        $token = generate_token('plain');
        self::assertMatchesRegularExpression('/^[0-9a-f]{40}$/', $token);
        self::assertSame('&token=' . $token, generate_token('link'));
        self::assertSame('<input type="hidden" name="token" value="' . $token . '" />', generate_token());
    }

    public function testCheckTokenAcceptsTheSessionToken(): void
    {
        AdminSession::loginAs($this->adminId);
        $_POST['token'] = generate_token('plain');
        check_token('WHMCS.admin.default');
        $this->addToAssertionCount(1);
    }

    public function testCheckTokenRefusesARequestWithoutToken(): void
    {
        AdminSession::loginAs($this->adminId);
        $this->expectException(TokenRefused::class);
        check_token('WHMCS.admin.default');
    }

    public function testCheckTokenRefusesAnotherSessionsToken(): void
    {
        AdminSession::loginAs($this->adminId);
        $old = generate_token('plain');
        AdminSession::loginAs($this->adminId);
        $_POST['token'] = $old;
        $this->expectException(TokenRefused::class);
        check_token('WHMCS.admin.default');
    }

    public function testWithoutALoggedInAdminNoTokenIsValid(): void
    {
        $_POST['token'] = '';
        $this->expectException(TokenRefused::class);
        check_token('WHMCS.admin.default');
    }

    public function testLoginChecksThePassword(): void
    {
        self::assertFalse(AdminSession::login('admin', 'wrong'));
        self::assertNull(AdminSession::current());
        self::assertTrue(AdminSession::login('admin', 'harness-admin'));
        self::assertSame($this->adminId, (int) AdminSession::current()->id);
        self::assertSame($this->adminId, $_SESSION['adminid']);
    }
}
