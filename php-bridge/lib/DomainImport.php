<?php

declare(strict_types=1);

namespace IspapiCore;

use WHMCS\Database\Capsule;

/**
 * Imports the domains of the API account into WHMCS, a page at a time. The core decides per
 * page what to import, skip, hold back or create (registrar_import); this class sends the API
 * commands it names, answers its questions from WHMCS's tables and applies each page's plan in
 * one transaction together with the resume cursor, so an interrupted run continues where it
 * stopped and a finished one imports nothing twice.
 *
 * An existing client whose e-mail address is a registrant's gets that registrant's domains only
 * when the admin confirmed the client ($matchClients); the core holds the others back.
 */
final class DomainImport
{
    /** tbltransientdata row holding the FIRST of the next page while a run is unfinished. */
    public const CURSOR = 'ispapi.domainimport.cursor';
    /** tbltransientdata row beside the cursor: the clients the unfinished run created (JSON). */
    public const CREATED = 'ispapi.domainimport.created';

    private bool $apply;
    private int $limit;
    private Core $core;
    private ApiClient $client;
    /** The account's API as the core names it (`cnr` lists and reads domains its own way). */
    private string $api = 'ispapi';
    /** @var 'none'|'all'|list<int> */
    private string|array $matchClients;
    /** @var array<string, int> e-mail → client this run created (a dry run: 0, to be created) */
    private array $created = [];
    /** @var array{gateway: string, currency: int, code: string} */
    private array $billing;

    /** @param 'none'|'all'|list<int> $matchClients */
    private function __construct(bool $apply, int $limit, Core $core, ApiClient $client, string|array $matchClients)
    {
        $this->apply = $apply;
        $this->limit = $limit;
        $this->core = $core;
        $this->client = $client;
        $this->matchClients = $matchClients;
    }

    /**
     * @param callable(string): void $progress called with one line per domain and one per page
     * @param 'none'|'all'|list<int> $matchClients existing clients the admin confirmed may receive
     *        the domains of registrants with their e-mail address
     * @param ?string $gateway the payment gateway (module name) the domains are invoiced with;
     *        null: the first activated one
     * @param ?string $currency the currency code of the new clients and the renewal prices;
     *        null: WHMCS's default currency
     * @return array{imported: int, clients: int, skipped: int, held: int, failed: list<string>, read: int, total: int}
     */
    public static function run(
        bool $apply,
        int $limit = 250,
        ?callable $progress = null,
        ?Core $core = null,
        string|array $matchClients = 'none',
        ?string $gateway = null,
        ?string $currency = null
    ): array {
        $core ??= Core::shared();
        $progress ??= static function (string $line): void {
        };
        $billing = self::billing($gateway, $currency);
        $progress("Payment gateway: {$billing['gateway']}; currency: {$billing['code']}");
        $params = Registrar::savedSettings();
        $import = new self($apply, $limit, $core, Registrar::client($core, $params), $matchClients);
        $import->api = strtoupper((string) ($params['API'] ?? '')) === 'CNR' ? 'cnr' : 'ispapi';
        $import->billing = $billing;
        return $import->pages($progress);
    }

    /**
     * The gateway and currency the imported domains and clients get: the admin's choice checked
     * against WHMCS's activated gateways (GetPaymentMethods) and currencies (GetCurrencies), or
     * the first gateway and the default currency. Without an activated gateway WHMCS could not
     * invoice the renewals, so the import does not start.
     *
     * @return array{gateway: string, currency: int, code: string}
     */
    private static function billing(?string $gateway, ?string $currency): array
    {
        $methods = \localAPI('GetPaymentMethods', [])['paymentmethods']['paymentmethod'] ?? [];
        $modules = array_map(static fn (array $m): string => (string) $m['module'], \is_array($methods) ? $methods : []);
        if ($modules === []) {
            throw new \RuntimeException('WHMCS has no activated payment gateway, so imported domains could not be'
                . ' invoiced; activate one (Setup > Payments > Payment Gateways) first.');
        }
        if ($gateway !== null && !\in_array($gateway, $modules, true)) {
            throw new \RuntimeException("'$gateway' is not an activated payment gateway; activated: "
                . implode(', ', $modules) . '.');
        }
        $currencies = \localAPI('GetCurrencies', [])['currencies']['currency'] ?? [];
        $ids = [];
        foreach (\is_array($currencies) ? $currencies : [] as $c) {
            $ids[strtoupper((string) $c['code'])] = (int) $c['id'];
        }
        $default = Capsule::table('tblcurrencies')->where('default', 1)->value('code');
        $code = strtoupper($currency ?? (string) $default);
        if (!isset($ids[$code])) {
            throw new \RuntimeException("'$code' is not a currency WHMCS has; it has: " . implode(', ', array_keys($ids)) . '.');
        }
        return ['gateway' => $gateway ?? $modules[0], 'currency' => $ids[$code], 'code' => $code];
    }

    /** @return array{imported: int, clients: int, skipped: int, held: int, failed: list<string>, read: int, total: int} */
    private function pages(callable $progress): array
    {
        $summary = ['imported' => 0, 'clients' => 0, 'skipped' => 0, 'held' => 0, 'failed' => [], 'read' => 0, 'total' => 0];
        $renewals = self::renewals($this->billing['currency']);
        $first = 0;
        if ($this->apply) {
            $first = self::cursor();
            $this->created = $first === 0 ? [] : self::createdSoFar();
        }
        do {
            $plan = $this->plan($first, $renewals);
            $created = $this->apply ? $this->applyPlan($plan) : $this->countNewClients($plan);
            foreach (self::lines($plan, $created['ids'], $created['failed']) as $line) {
                $progress($line);
            }
            $summary['imported'] += \count($plan['domains']) - \count($created['failed']);
            $summary['clients'] += $created['clients'];
            $summary['skipped'] += \count($plan['skipped']);
            $summary['held'] += \count($plan['held']);
            foreach (array_merge($plan['failed'], $created['failed']) as $failure) {
                $summary['failed'][] = $failure['domain'] . ': ' . $failure['reason'];
            }
            $summary['read'] = (int) $plan['read'];
            $summary['total'] = (int) $plan['total'];
            $progress(sprintf(
                '%d of %d domains read: %d imported, %d client(s) created, %d skipped, %d held back, %d failed',
                $summary['read'],
                $summary['total'],
                $summary['imported'],
                $summary['clients'],
                $summary['skipped'],
                $summary['held'],
                \count($summary['failed'])
            ));
            $first = $plan['next'];
        } while ($first !== null);
        return $summary;
    }

    /**
     * Runs registrar_import for one page until it returns the plan.
     *
     * @param array<string, float> $renewals
     * @return array<string, mixed>
     */
    private function plan(int $first, array $renewals): array
    {
        $match = \is_array($this->matchClients) ? ['ids' => $this->matchClients] : $this->matchClients;
        // Only real clients: in a dry run a registrant planned as new stays new on later pages.
        $created = array_filter($this->created, static fn (int $id): bool => $id > 0);
        $input = ['first' => $first, 'limit' => $this->limit, 'renewals' => (object) $renewals,
            'today' => gmdate('Y-m-d'), 'match_clients' => $match, 'created' => (object) $created,
            'payment_method' => $this->billing['gateway'], 'currency' => $this->billing['currency'],
            'api' => $this->api];
        $replies = [];
        while (true) {
            $step = $this->core->call('registrar_import', $input + ['replies' => (object) $replies]);
            switch ($step['step']) {
                case 'send':
                    foreach ($step['commands'] as $key => $command) {
                        $replies[$key] = $this->client->request($command);
                    }
                    break;
                case 'domains':
                    $input['existing'] = $step['names'] === [] ? [] : Capsule::table('tbldomains')
                        ->whereIn('domain', $step['names'])->pluck('domain')->all();
                    break;
                case 'clients':
                    // Reversed so that of two clients sharing an address the older one wins.
                    $input['clients'] = (object) ($step['emails'] === [] ? [] : Capsule::table('tblclients')
                        ->whereIn(Capsule::raw('LOWER(email)'), $step['emails'])->orderBy('id')->get(['id', 'email'])
                        ->reverse()->mapWithKeys(static fn ($row) => [strtolower((string) $row->email) => (int) $row->id])
                        ->all());
                    break;
                default:
                    return $step;
            }
        }
    }

    /**
     * One transaction per page: the new clients, the domains and the cursor land together.
     *
     * @param array<string, mixed> $plan
     * @return array{clients: int, ids: array<string, int>, failed: list<array{domain: string, reason: string}>}
     */
    private function applyPlan(array $plan): array
    {
        $created = $this->created;
        $result = Capsule::connection()->transaction(static function () use ($plan, &$created): array {
            $ids = [];
            $failed = [];
            foreach ($plan['clients'] as $client) {
                // WHMCS 8 makes a user for the client and requires its password (AddClient's
                // password2); a random one, which the client replaces by a reset.
                $added = \localAPI('AddClient', $client['values'] + ['skipvalidation' => true, 'noemail' => true,
                    'password2' => self::randomPassword()]);
                if (($added['result'] ?? '') === 'success') {
                    $ids[$client['email']] = (int) $added['clientid'];
                } else {
                    $ids[$client['email']] = (string) ($added['message'] ?? 'AddClient failed');
                }
            }
            $created += array_filter($ids, 'is_int');
            $now = date('Y-m-d H:i:s');
            $rows = [];
            foreach ($plan['domains'] as $domain) {
                $userId = $domain['client_id'] ?? $ids[$domain['email']] ?? 'no client';
                if (\is_string($userId)) {
                    $failed[] = ['domain' => $domain['domain'], 'reason' => 'the client could not be created: ' . $userId];
                    continue;
                }
                $rows[] = $domain['values'] + ['userid' => $userId, 'created_at' => $now, 'updated_at' => $now];
            }
            foreach (array_chunk($rows, 100) as $chunk) {
                Capsule::table('tbldomains')->insert($chunk);
            }
            Capsule::table('tbltransientdata')->whereIn('name', [self::CURSOR, self::CREATED])->delete();
            if ($plan['next'] !== null) {
                // Kept for a week: a run stopped longer ago starts over (and skips what it has).
                $expires = time() + 7 * 86400;
                Capsule::table('tbltransientdata')->insert([
                    ['name' => self::CURSOR, 'data' => (string) $plan['next'], 'expires' => $expires],
                    ['name' => self::CREATED, 'data' => json_encode((object) $created, JSON_THROW_ON_ERROR), 'expires' => $expires],
                ]);
            }
            return ['clients' => \count(array_filter($ids, 'is_int')), 'ids' => array_filter($ids, 'is_int'), 'failed' => $failed];
        });
        $this->created = $created;
        return $result;
    }

    /**
     * @param array<string, mixed> $plan
     * @return array{clients: int, ids: array<string, int>, failed: list<array{domain: string, reason: string}>}
     */
    private function countNewClients(array $plan): array
    {
        $new = 0;
        foreach ($plan['clients'] as $client) {
            if (!isset($this->created[$client['email']])) {
                $this->created[$client['email']] = 0;
                $new++;
            }
        }
        return ['clients' => $new, 'ids' => [], 'failed' => []];
    }

    /**
     * One line per domain of the plan: which client it goes (or would go) to, or why not.
     *
     * @param array<string, mixed> $plan
     * @param array<string, int> $ids new clients created for this page, by e-mail
     * @param list<array{domain: string, reason: string}> $failed domains whose client could not be created
     * @return list<string>
     */
    private static function lines(array $plan, array $ids, array $failed): array
    {
        $names = [];
        foreach ($plan['clients'] as $client) {
            $v = $client['values'];
            $names[$client['email']] = trim($v['firstname'] . ' ' . $v['lastname']);
        }
        $notCreated = array_column($failed, 'reason', 'domain');
        $lines = [];
        foreach ($plan['domains'] as $d) {
            $email = $d['email'];
            if (isset($notCreated[$d['domain']])) {
                $lines[] = "{$d['domain']} -> failed: {$notCreated[$d['domain']]}";
            } elseif ($d['client_id'] !== null) {
                $lines[] = "{$d['domain']} -> existing client #{$d['client_id']} ($email)";
            } else {
                $id = isset($ids[$email]) ? " #$ids[$email]" : '';
                $lines[] = "{$d['domain']} -> new client$id \"" . ($names[$email] ?? '') . " <$email>\"";
            }
        }
        foreach ($plan['held'] as $h) {
            $lines[] = "{$h['domain']} -> not imported: an existing client #{$h['client_id']} has this e-mail"
                . " ({$h['email']}); --match-clients={$h['client_id']} to give it to them";
        }
        return $lines;
    }

    /** @return array<string, int> the clients an unfinished run created, by e-mail */
    private static function createdSoFar(): array
    {
        $data = Capsule::table('tbltransientdata')->where('name', self::CREATED)->where('expires', '>', time())->value('data');
        $created = \is_string($data) ? json_decode($data, true) : null;
        return \is_array($created) ? array_map('intval', $created) : [];
    }

    /** The FIRST an unfinished run stopped at, or 0. */
    public static function cursor(): int
    {
        $row = Capsule::table('tbltransientdata')->where('name', self::CURSOR)->where('expires', '>', time())->first();
        return $row === null ? 0 : max(0, (int) $row->data);
    }

    private static function randomPassword(): string
    {
        return rtrim(strtr(base64_encode(random_bytes(18)), '+/', '-_'), '=') . '#1a';
    }

    /** @return array<string, float> TLD without dot → one-year renewal price in $currency */
    private static function renewals(int $currency): array
    {
        return Capsule::table('tbldomainpricing')
            ->join('tblpricing', 'tblpricing.relid', '=', 'tbldomainpricing.id')
            ->where('tblpricing.type', 'domainrenew')->where('tblpricing.currency', $currency)
            ->get(['tbldomainpricing.extension', 'tblpricing.msetupfee'])
            ->filter(static fn ($row) => (float) $row->msetupfee > 0)
            ->mapWithKeys(static fn ($row) => [ltrim((string) $row->extension, '.') => (float) $row->msetupfee])
            ->all();
    }
}
