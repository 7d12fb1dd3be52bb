<?php

declare(strict_types=1);

namespace IspapiCore;

use WHMCS\Database\Capsule;

/**
 * Imports the domains of the API account into WHMCS, a page at a time. The core decides per
 * page what to import, skip or create (registrar_import); this class sends the API commands
 * it names, answers its questions from WHMCS's tables and applies each page's plan in one
 * transaction together with the resume cursor, so an interrupted run continues where it
 * stopped and a finished one imports nothing twice.
 */
final class DomainImport
{
    /** tbltransientdata row holding the FIRST of the next page while a run is unfinished. */
    public const CURSOR = 'ispapi.domainimport.cursor';

    private bool $apply;
    private int $limit;
    private Core $core;
    private ApiClient $client;
    /** @var array<string, true> clients a dry run would have created already */
    private array $planned = [];

    private function __construct(bool $apply, int $limit, Core $core, ApiClient $client)
    {
        $this->apply = $apply;
        $this->limit = $limit;
        $this->core = $core;
        $this->client = $client;
    }

    /**
     * @param callable(string): void $progress called with one line per page
     * @return array{imported: int, clients: int, skipped: int, failed: list<string>, read: int, total: int}
     */
    public static function run(bool $apply, int $limit = 250, ?callable $progress = null, ?Core $core = null): array
    {
        $core ??= Core::shared();
        $params = (array) \getRegistrarConfigOptions(Registrar::MODULE);
        $import = new self($apply, $limit, $core, Registrar::client($core, $params));
        return $import->pages($progress ?? static function (string $line): void {
        });
    }

    /** @return array{imported: int, clients: int, skipped: int, failed: list<string>, read: int, total: int} */
    private function pages(callable $progress): array
    {
        $summary = ['imported' => 0, 'clients' => 0, 'skipped' => 0, 'failed' => [], 'read' => 0, 'total' => 0];
        $renewals = self::renewals();
        $first = $this->apply ? self::cursor() : 0;
        do {
            $plan = $this->plan($first, $renewals);
            $created = $this->apply ? $this->applyPlan($plan) : $this->countNewClients($plan);
            $summary['imported'] += \count($plan['domains']) - \count($created['failed']);
            $summary['clients'] += $created['clients'];
            $summary['skipped'] += \count($plan['skipped']);
            foreach (array_merge($plan['failed'], $created['failed']) as $failure) {
                $summary['failed'][] = $failure['domain'] . ': ' . $failure['reason'];
            }
            $summary['read'] = (int) $plan['read'];
            $summary['total'] = (int) $plan['total'];
            $progress(sprintf(
                '%d of %d domains read: %d imported, %d client(s) created, %d skipped, %d failed',
                $summary['read'],
                $summary['total'],
                $summary['imported'],
                $summary['clients'],
                $summary['skipped'],
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
        $input = ['first' => $first, 'limit' => $this->limit, 'renewals' => (object) $renewals,
            'today' => gmdate('Y-m-d')];
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
     * @return array{clients: int, failed: list<array{domain: string, reason: string}>}
     */
    private function applyPlan(array $plan): array
    {
        return Capsule::connection()->transaction(static function () use ($plan): array {
            $ids = [];
            $failed = [];
            foreach ($plan['clients'] as $client) {
                $added = \localAPI('AddClient', $client['values'] + ['skipvalidation' => true, 'noemail' => true]);
                if (($added['result'] ?? '') === 'success') {
                    $ids[$client['email']] = (int) $added['clientid'];
                } else {
                    $ids[$client['email']] = (string) ($added['message'] ?? 'AddClient failed');
                }
            }
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
            Capsule::table('tbltransientdata')->where('name', self::CURSOR)->delete();
            if ($plan['next'] !== null) {
                // Kept for a week: a run stopped longer ago starts over (and skips what it has).
                Capsule::table('tbltransientdata')->insert([
                    'name' => self::CURSOR, 'data' => (string) $plan['next'], 'expires' => time() + 7 * 86400,
                ]);
            }
            return ['clients' => \count(array_filter($ids, 'is_int')), 'failed' => $failed];
        });
    }

    /**
     * @param array<string, mixed> $plan
     * @return array{clients: int, failed: list<array{domain: string, reason: string}>}
     */
    private function countNewClients(array $plan): array
    {
        $new = 0;
        foreach ($plan['clients'] as $client) {
            if (!isset($this->planned[$client['email']])) {
                $this->planned[$client['email']] = true;
                $new++;
            }
        }
        return ['clients' => $new, 'failed' => []];
    }

    /** The FIRST an unfinished run stopped at, or 0. */
    public static function cursor(): int
    {
        $row = Capsule::table('tbltransientdata')->where('name', self::CURSOR)->where('expires', '>', time())->first();
        return $row === null ? 0 : max(0, (int) $row->data);
    }

    /** @return array<string, float> TLD without dot → one-year renewal price in the default currency */
    private static function renewals(): array
    {
        $currency = (int) Capsule::table('tblcurrencies')->where('default', 1)->value('id');
        return Capsule::table('tbldomainpricing')
            ->join('tblpricing', 'tblpricing.relid', '=', 'tbldomainpricing.id')
            ->where('tblpricing.type', 'domainrenew')->where('tblpricing.currency', $currency)
            ->get(['tbldomainpricing.extension', 'tblpricing.msetupfee'])
            ->filter(static fn ($row) => (float) $row->msetupfee > 0)
            ->mapWithKeys(static fn ($row) => [ltrim((string) $row->extension, '.') => (float) $row->msetupfee])
            ->all();
    }
}
