<?php

declare(strict_types=1);

namespace Harness;

use WHMCS\Database\Capsule;

/**
 * The logged-in admin: $_SESSION['adminid'] holds the admin's tbladmins id, as the addon module
 * docs say ("Admin User Data"). The session also holds the CSRF token that generate_token()
 * prints and check_token() compares.
 */
final class AdminSession
{
    private const TOKEN_KEY = 'harness_csrf_token';

    public static function login(string $username, string $password): bool
    {
        $admin = Capsule::table('tbladmins')->where('username', $username)->where('disabled', 0)->first();
        if ($admin === null || !password_verify($password, (string) $admin->password)) {
            return false;
        }
        self::loginAs((int) $admin->id);
        return true;
    }

    public static function loginAs(int $adminId): void
    {
        if (!Capsule::table('tbladmins')->where('id', $adminId)->exists()) {
            throw new \InvalidArgumentException("No admin with id $adminId");
        }
        self::ensureSession();
        $_SESSION['adminid'] = $adminId;
        $_SESSION[self::TOKEN_KEY] = bin2hex(random_bytes(20));
    }

    public static function logout(): void
    {
        self::ensureSession();
        unset($_SESSION['adminid'], $_SESSION[self::TOKEN_KEY]);
    }

    public static function current(): ?object
    {
        self::ensureSession();
        $id = (int) ($_SESSION['adminid'] ?? 0);
        if ($id === 0 || !Runtime::isBooted()) {
            return null;
        }
        return Capsule::table('tbladmins')->where('id', $id)->first();
    }

    /** @return list<string> the current admin's permission names */
    public static function permissions(): array
    {
        $admin = self::current();
        if ($admin === null) {
            return [];
        }
        $names = Data::permissions();
        $ids = Capsule::table('tbladminperms')->where('roleid', $admin->roleid)->pluck('permid')->all();
        return array_values(array_intersect_key($names, array_flip(array_map('intval', $ids))));
    }

    public static function can(string $permission): bool
    {
        return $permission === '' || in_array($permission, self::permissions(), true);
    }

    public static function token(): string
    {
        if (self::current() === null) {
            throw new TokenRefused('No admin is logged in, so there is no CSRF token');
        }
        return (string) $_SESSION[self::TOKEN_KEY];
    }

    public static function checkToken(?string $given): void
    {
        $expected = self::current() === null ? null : (string) ($_SESSION[self::TOKEN_KEY] ?? '');
        if ($expected === null || $expected === '' || $given === null || !hash_equals($expected, $given)) {
            throw new TokenRefused('Invalid CSRF Protection Token');
        }
    }

    private static function ensureSession(): void
    {
        if (!isset($_SESSION) || !is_array($_SESSION)) {
            $_SESSION = [];
        }
    }
}
