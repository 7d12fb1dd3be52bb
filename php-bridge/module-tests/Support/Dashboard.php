<?php

declare(strict_types=1);

namespace IspapiCore\ModuleTests\Support;

use Harness\AdminSession;
use Harness\Seed;
use IspapiCore\ApiClient;
use IspapiCore\Core;
use WHMCS\Database\Capsule;
use WHMCS\User\Admin;

/**
 * The dashboard side of the world for the widget, addon and browser tests: WHMCS domains in
 * every monitoring case (names taken from the simulator's demo account), admins with and
 * without the permission to fix, and the widgets' action requests as the dialog sends them.
 */
final class Dashboard
{
    public const MONITORING = 'IspapiMonitoringWidget';
    public const ACCOUNT = 'IspapiAccountWidget';
    public const HOSTILE = '<img src=x onerror="window.__hostile=1">.com';

    private static ?int $readOnlyAdmin = null;

    public function __construct(private readonly World $world)
    {
    }

    /** Leaves only the domains a test adds active in WHMCS (other tests' domains stay, parked). */
    public function parkWhmcsDomains(): void
    {
        Capsule::table('tbldomains')->where('status', 'Active')->update(['status' => 'Cancelled']);
        Capsule::table('tbltransientdata')->delete();
        foreach (['mod_ispapi_monitoring_jobs', 'mod_ispapi_monitoring_items'] as $table) {
            if (Capsule::schema()->hasTable($table)) {
                Capsule::table($table)->delete();
            }
        }
        Capsule::table('tblconfiguration')->whereIn('setting', ['IspapiMonitoringWidgetstatus'])->delete();
    }

    /** @return list<string> names the API lists for a QueryDomainList filter (first page) */
    public function apiNames(array $filter, int $limit = 5): array
    {
        $client = new ApiClient([
            'api' => 'ispapi',
            'environment' => 'ote',
            'login' => $this->world->account['login'],
            'password' => $this->world->account['password'],
            'url' => $this->world->simulator->ispapiUrl(),
        ]);
        $r = $client->request(['COMMAND' => 'QueryDomainList', 'USERDEPTH' => 'SELF', 'VERSION' => 2,
            'ORDERBY' => 'OBJECTID', 'LIMIT' => $limit] + $filter);
        return array_values(array_filter(
            $r['properties']['OBJECTID'] ?? [],
            static fn (string $n): bool => !str_contains($n, 'xn--')
        ));
    }

    /** One API command with the demo account, for checking the registrar's side. */
    public function api(array $command): array
    {
        return (new ApiClient([
            'api' => 'ispapi',
            'environment' => 'ote',
            'login' => $this->world->account['login'],
            'password' => $this->world->account['password'],
            'url' => $this->world->simulator->ispapiUrl(),
        ]))->request($command);
    }

    /**
     * WHMCS domains in every case: two with ID protection only at the registrar, three without
     * transfer lock, two migration notes (one with a hostile name), a premium domain without
     * its prices and a standard domain that is premium at the registrar.
     *
     * @return array<string, list<string>> case id => the names
     */
    public function seedEveryCase(): array
    {
        // The premium names are in the premium cases only.
        foreach (['vip.ai', 'crypto.io'] as $name) {
            $this->api(['COMMAND' => 'ModifyDomain', 'DOMAIN' => $name, 'TRANSFERLOCK' => 1, 'X-ACCEPT-WHOISTRUSTEE-TAC' => 0]);
        }
        // Names the two lists share would make counts depend on the demo seed's overlap.
        $protected = $this->apiNames(['X-ACCEPT-WHOISTRUSTEE-TAC' => 1, 'TRANSFERLOCK' => 1], 2);
        $unlocked = $this->apiNames(['TRANSFERLOCK' => 0, 'X-ACCEPT-WHOISTRUSTEE-TAC' => 0], 3);
        $cases = [
            'id_protection' => $protected,
            'transfer_lock' => $unlocked,
            'migration_notes' => ['migrated-' . bin2hex(random_bytes(3)) . '.com', self::HOSTILE],
            'premium_renewal_cost' => ['crypto.io'],
            'premium_at_registrar' => ['vip.ai'],
        ];
        foreach ($protected as $name) {
            $this->world->domain($name, ['idprotection' => 0]);
        }
        foreach ($unlocked as $name) {
            $this->world->domain($name, ['idprotection' => 0]);
        }
        foreach ($cases['migration_notes'] as $i => $name) {
            $this->world->domain($name, ['additionalnotes' => $i === 0 ? 'INIT_TRANSFER_SUCCESS' : 'INIT_TRANSFER_FAIL']);
        }
        $this->world->domain('crypto.io', ['is_premium' => 1]);
        $this->world->domain('vip.ai', ['is_premium' => null]);
        return $cases;
    }

    public function loginAdmin(): int
    {
        $id = (int) Capsule::table('tbladmins')->where('username', 'admin')->value('id');
        AdminSession::loginAs($id);
        return $id;
    }

    /** An admin whose role may see the dashboard and domains but not edit domains. */
    public function loginReadOnlyAdmin(): int
    {
        if (self::$readOnlyAdmin === null) {
            $role = Seed::adminRole('Read Only', ['Main Homepage', 'View Clients Domains', 'List Domains']);
            self::$readOnlyAdmin = Seed::admin('viewer', 'viewer-password', $role);
        }
        AdminSession::loginAs(self::$readOnlyAdmin);
        return self::$readOnlyAdmin;
    }

    /** The widget's panel body as the dashboard renders it. */
    public function render(string $widgetId, array $request = []): string
    {
        return $this->withRequest($request, fn (): string => (string) $this->widget($widgetId)->render(true));
    }

    /**
     * An action of the monitoring dialog, sent as WHMCS.http.jqClient.post sends it (with the
     * session's token unless $token is false).
     *
     * @return array<string, mixed>
     */
    public function action(array $params, bool $token = true): array
    {
        if ($token) {
            $params['token'] = AdminSession::token();
        }
        $out = $this->render(self::MONITORING, $params);
        return json_decode($out, true, 512, JSON_THROW_ON_ERROR);
    }

    /** Runs a fix of a case to its end; returns the last progress. */
    public function fixCase(string $case, int $maxBatches = 100): array
    {
        $job = $this->action(['monitoring' => 'start', 'case' => $case])['job'];
        for ($i = 0; $i < $maxBatches && !$job['finished']; $i++) {
            $job = $this->action(['monitoring' => 'batch', 'job' => $job['id']]);
            if (isset($job['error']) || !empty($job['stopped'])) {
                return $job;
            }
        }
        return $job;
    }

    public function widget(string $id): \WHMCS\Module\AbstractWidget
    {
        foreach (\Harness\Admin\Dashboard::widgets() as $widget) {
            if ($widget->getId() === $id) {
                return $widget;
            }
        }
        throw new \RuntimeException("the dashboard has no widget $id");
    }

    private function withRequest(array $request, callable $run): mixed
    {
        [$post, $req, $method] = [$_POST, $_REQUEST, $_SERVER['REQUEST_METHOD'] ?? null];
        $_POST = $request;
        $_REQUEST = $request;
        $_SERVER['REQUEST_METHOD'] = 'POST';
        try {
            return $run();
        } finally {
            [$_POST, $_REQUEST] = [$post, $req];
            $_SERVER['REQUEST_METHOD'] = $method;
        }
    }

    public static function admin(): ?Admin
    {
        $current = AdminSession::current();
        return $current === null ? null : Admin::query()->find($current->id);
    }

    public static function core(): Core
    {
        return Core::shared();
    }
}
