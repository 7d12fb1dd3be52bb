<?php

declare(strict_types=1);

namespace Harness;

use WHMCS\Database\Capsule;

/** Test data: currencies, admins, clients, domains, TLD pricing and registrar settings. */
final class Seed
{
    /** @return array<string, int> currency code => id (USD is the default currency, EUR the second) */
    public static function currencies(): array
    {
        $ids = [];
        $currencies = [['USD', '$', ' USD', 1, 1.0, 1], ['EUR', '€', ' EUR', 3, 0.9, 0]];
        foreach ($currencies as [$code, $prefix, $suffix, $format, $rate, $default]) {
            $row = compact('code', 'prefix', 'suffix', 'format', 'rate', 'default');
            $ids[$code] = Capsule::table('tblcurrencies')->insertGetId($row);
        }
        return $ids;
    }

    /** @param list<string>|null $permissions permission names; null gives every permission */
    public static function adminRole(string $name = 'Full Administrator', ?array $permissions = null): int
    {
        $all = Data::permissions();
        $ids = $permissions === null ? array_keys($all) : array_map(static function (string $p) use ($all): int {
            $id = array_search($p, $all, true);
            if ($id === false) {
                throw new \InvalidArgumentException("Unknown admin permission '$p'");
            }
            return $id;
        }, $permissions);
        $roleId = Capsule::table('tbladminroles')->insertGetId(['name' => $name]);
        Capsule::table('tbladminperms')->insert(array_map(
            static fn (int $permId): array => ['roleid' => $roleId, 'permid' => $permId],
            array_values($ids)
        ));
        return $roleId;
    }

    public static function admin(
        string $username = 'admin',
        string $password = 'harness-admin',
        ?int $roleId = null
    ): int {
        $roleId ??= self::adminRole();
        return Capsule::table('tbladmins')->insertGetId([
            'roleid' => $roleId,
            'username' => $username,
            'password' => password_hash($password, PASSWORD_DEFAULT),
            'firstname' => 'Harness',
            'lastname' => 'Admin',
            'email' => $username . '@example.net',
            'created_at' => date('Y-m-d H:i:s'),
            'updated_at' => date('Y-m-d H:i:s'),
        ]);
    }

    /** @param array<string, mixed> $overrides tblclients columns */
    public static function client(array $overrides = []): int
    {
        $now = date('Y-m-d H:i:s');
        $currency = (int) Capsule::table('tblcurrencies')->where('default', 1)->value('id');
        return Capsule::table('tblclients')->insertGetId($overrides + [
            'firstname' => 'John',
            'lastname' => 'Doe',
            'companyname' => 'Example Ltd',
            'email' => 'john.doe@example.com',
            'address1' => '123 Main Street',
            'address2' => '',
            'city' => 'Anytown',
            'state' => 'Texas',
            'postcode' => '12345',
            'country' => 'US',
            'phonenumber' => '800-555-1234',
            'currency' => $currency,
            'datecreated' => date('Y-m-d'),
            'created_at' => $now,
            'updated_at' => $now,
        ]);
    }

    /** @param array<string, mixed> $overrides tbldomains columns */
    public static function domain(int $clientId, string $domain, array $overrides = []): int
    {
        $now = date('Y-m-d H:i:s');
        return Capsule::table('tbldomains')->insertGetId($overrides + [
            'userid' => $clientId,
            'type' => 'Register',
            'registrationdate' => date('Y-m-d'),
            'domain' => $domain,
            'firstpaymentamount' => 10.0,
            'recurringamount' => 10.0,
            'registrar' => 'ispapi',
            'registrationperiod' => 1,
            'expirydate' => date('Y-m-d', strtotime('+1 year')),
            'status' => 'Active',
            'nextduedate' => date('Y-m-d', strtotime('+1 year')),
            'nextinvoicedate' => date('Y-m-d', strtotime('+1 year')),
            'created_at' => $now,
            'updated_at' => $now,
        ]);
    }

    public static function domainExtra(int $domainId, string $name, string $value): void
    {
        $now = date('Y-m-d H:i:s');
        Capsule::table('tbldomains_extra')->updateOrInsert(
            ['domain_id' => $domainId, 'name' => $name],
            ['value' => $value, 'created_at' => $now, 'updated_at' => $now]
        );
    }

    /** An activated payment gateway (tblpaymentgateways rows 'name', 'type', 'visible'). */
    public static function paymentGateway(string $module, string $displayName, int $order = 0): void
    {
        foreach (['name' => $displayName, 'type' => 'Invoices', 'visible' => 'on'] as $setting => $value) {
            Capsule::table('tblpaymentgateways')->insert(
                ['gateway' => $module, 'setting' => $setting, 'value' => $value, 'order' => $order]
            );
        }
    }

    public static function additionalField(int $domainId, string $name, string $value): void
    {
        $now = date('Y-m-d H:i:s');
        Capsule::table('tbldomainsadditionalfields')->insert(
            ['domainid' => $domainId, 'name' => $name, 'value' => $value, 'created_at' => $now, 'updated_at' => $now]
        );
    }

    /**
     * A TLD with prices per currency, e.g. ['USD' => ['register' => [1 => 9.99, 2 => 19.98],
     * 'renew' => [1 => 9.99], 'transfer' => [1 => 9.99]]]. Terms not given are not offered (-1).
     *
     * @param array<string, array<string, array<int, float>>> $prices
     * @param array<string, mixed> $columns tbldomainpricing columns
     */
    public static function tld(string $extension, array $prices, array $columns = []): int
    {
        $now = date('Y-m-d H:i:s');
        $relid = Capsule::table('tbldomainpricing')->insertGetId($columns + [
            'extension' => '.' . ltrim($extension, '.'),
            'created_at' => $now,
            'updated_at' => $now,
        ]);
        foreach ($prices as $code => $byType) {
            $currency = Capsule::table('tblcurrencies')->where('code', $code)->value('id');
            if ($currency === null) {
                throw new \InvalidArgumentException("Currency $code is not configured");
            }
            foreach ($byType as $type => $terms) {
                $priceType = Pricing::TYPES[$type] ?? throw new \InvalidArgumentException("Unknown price type $type");
                $row = ['type' => $priceType, 'currency' => $currency, 'relid' => $relid];
                foreach (Pricing::COLUMNS as $column) {
                    $row[$column] = -1;
                }
                foreach ($terms as $years => $price) {
                    $row[Pricing::column((int) $years)] = $price;
                }
                Capsule::table('tblpricing')->insert($row);
            }
        }
        return $relid;
    }

    /** @param array<string, mixed> $settings saved as the Domain Registrars page saves them */
    public static function registrar(string $name, array $settings): void
    {
        Registrars::save($name, $settings);
    }
}
