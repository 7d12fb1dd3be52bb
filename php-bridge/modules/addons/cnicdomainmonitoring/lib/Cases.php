<?php

declare(strict_types=1);

namespace WHMCS\Module\Addon\Cnicdomainmonitoring;

use IspapiCore\Monitor;
use IspapiCore\Registrar;
use WHMCS\Database\Capsule;

/**
 * The addon's cases: a renewal or transfer of an ISPAPI/CNR domain failed, and the core's
 * PremiumCheck found that the domain became premium or its premium price changed. The core
 * writes the case and the WHMCS to-do item; this class reads what it needs from WHMCS, runs
 * the check, and lists and resolves cases for the admin page.
 */
final class Cases
{
    public const MODULE = 'cnicdomainmonitoring';
    public const TABLE = 'mod_cnicdomainmonitoring';

    public static function createTable(): void
    {
        if (Capsule::schema()->hasTable(self::TABLE)) {
            return;
        }
        Capsule::schema()->create(self::TABLE, static function ($t): void {
            $t->increments('id');
            $t->integer('domain_id');
            $t->integer('user_id')->default(0);
            $t->text('domain');
            $t->string('kind', 16);
            $t->string('reason', 32)->default('');
            $t->text('class');
            $t->text('old_price');
            $t->text('new_price');
            $t->text('error');
            $t->text('todo_title');
            $t->text('description');
            $t->string('status', 16)->default('open');
            $t->date('updated')->nullable();
            $t->index(['status', 'domain_id']);
        });
    }

    public static function dropTable(): void
    {
        Capsule::schema()->dropIfExists(self::TABLE);
    }

    /**
     * The AfterRegistrarRenewalFailed / AfterRegistrarTransferFailed hook: checks the domain
     * when it is one of the ISPAPI module's. A hook must never break WHMCS's run, so a failed
     * check is logged and dropped.
     *
     * @param array<string, mixed> $vars the hook's params and error
     * @return array<string, mixed>|null the case found, if any
     */
    public static function afterFailure(string $kind, array $vars): ?array
    {
        $params = (array) ($vars['params'] ?? []);
        // The hook's params are the common registrar params, which do not name the registrar
        // (module-parameters.md); the domain's row does.
        try {
            $registrar = Capsule::table('tbldomains')->where('id', (int) ($params['domainid'] ?? 0))->value('registrar');
            if ($registrar !== 'ispapi' || !Capsule::schema()->hasTable(self::TABLE)) {
                return null;
            }
            return self::check($kind, $params, (string) ($vars['error'] ?? ''));
        } catch (\Throwable $e) {
            if (\function_exists('logActivity')) {
                $name = $params['domainname'] ?? $params['domain']
                    ?? (($params['sld'] ?? '?') . '.' . ($params['tld'] ?? '?'));
                logActivity('CNIC Domain Monitoring: the premium check of ' . $name
                    . ' failed: ' . $e->getMessage());
            }
            return null;
        }
    }

    /**
     * @param array<string, mixed> $params WHMCS's registrar params of the failed domain
     * @return array<string, mixed>|null
     */
    public static function check(string $kind, array $params, string $error): ?array
    {
        $domainId = (int) ($params['domainid'] ?? 0);
        $domain = Capsule::table('tbldomains')->where('id', $domainId)->first();
        if ($domain === null) {
            return null;
        }
        $monitor = Monitor::forRegistrar();
        $run = $monitor->run('PremiumCheck', [
            'domain' => (string) $domain->domain,
            'domain_id' => $domainId,
            'user_id' => (int) $domain->userid,
            'kind' => $kind,
            'error' => $error,
            'today' => date('Y-m-d'),
            'whmcs' => self::whmcsPrice($domain, $kind),
            'todo' => self::setting('todo', 'on') !== '',
        ]);
        $result = $run['result'];
        if (isset($result['error'])) {
            throw new \RuntimeException((string) $result['error']);
        }
        Registrar::applyChanges($run['db'], $run['activity']);
        return $result['case'];
    }

    /**
     * What WHMCS charges for the domain: for a premium domain its stored registrar cost and
     * currency, otherwise its recurring (renewal) or first payment (transfer) amount in the
     * client's currency.
     *
     * @return array{premium: bool, price: ?string, currency: ?string}
     */
    private static function whmcsPrice(object $domain, string $kind): array
    {
        $code = static fn ($id): ?string => $id === null ? null
            : Capsule::table('tblcurrencies')->where('id', (int) $id)->value('code');
        if ((int) $domain->is_premium === 1) {
            $extra = Capsule::table('tbldomains_extra')->where('domain_id', $domain->id)->pluck('value', 'name')->all();
            $price = $kind === 'renewal'
                ? ($extra['registrarRenewalCostPrice'] ?? null)
                : ($extra['registrarCostPrice'] ?? null);
            return ['premium' => true, 'price' => $price, 'currency' => $code($extra['registrarCurrency'] ?? null)];
        }
        $currency = Capsule::table('tblclients')->where('id', $domain->userid)->value('currency');
        $price = $kind === 'renewal' ? $domain->recurringamount : $domain->firstpaymentamount;
        return ['premium' => false, 'price' => (string) $price, 'currency' => $code($currency)];
    }

    /** @return list<object> the open cases, newest first */
    public static function open(): array
    {
        return Capsule::table(self::TABLE)->where('status', 'open')->orderByDesc('id')->get()->all();
    }

    /** Closes a case and completes its to-do item. */
    public static function resolve(int $id): bool
    {
        $case = Capsule::table(self::TABLE)->where('id', $id)->where('status', 'open')->first();
        if ($case === null) {
            return false;
        }
        Capsule::connection()->transaction(static function () use ($case): void {
            Capsule::table(self::TABLE)->where('id', $case->id)
                ->update(['status' => 'resolved', 'updated' => date('Y-m-d')]);
            if ($case->todo_title !== '') {
                Capsule::table('tbltodolist')->where('title', $case->todo_title)->where('status', '!=', 'Completed')
                    ->update(['status' => 'Completed']);
            }
        });
        return true;
    }

    private static function setting(string $name, string $default): string
    {
        $value = Capsule::table('tbladdonmodules')->where('module', self::MODULE)->where('setting', $name)
            ->value('value');
        return $value === null ? $default : (string) $value;
    }
}
