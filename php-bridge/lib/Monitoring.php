<?php

declare(strict_types=1);

namespace IspapiCore;

use WHMCS\Database\Capsule;

/**
 * The monitoring widget's I/O: reads WHMCS's domains and the registrar's lists for the core's
 * rules (monitor_detect), keeps the last result for a while, and keeps fix jobs in the database
 * so that a fix that was stopped, or whose tab was closed, resumes where it stopped.
 *
 * A fix job copies a case's items; each batch request claims the next items (under a lease, so
 * two tabs never run the same job at once), has the core fix them (FixBatch), then records each
 * item's result with the core's database changes in one transaction. An item whose batch died
 * before its result was recorded stays "claimed" and is checked before it is fixed again.
 */
final class Monitoring
{
    public const JOBS = 'mod_ispapi_monitoring_jobs';
    public const ITEMS = 'mod_ispapi_monitoring_items';
    private const SNAPSHOT = 'IspapiMonitoringWidget.snapshot';
    /** Seconds a batch may hold its job before another request may take over. */
    private const LEASE = 60;

    public function __construct(private readonly Monitor $monitor)
    {
        self::ensureTables();
    }

    public static function ensureTables(): void
    {
        $schema = Capsule::schema();
        if (!$schema->hasTable(self::JOBS)) {
            $schema->create(self::JOBS, static function ($t): void {
                $t->increments('id');
                $t->string('case_id', 64);
                $t->string('state', 16)->default('running');
                $t->integer('total')->default(0);
                $t->integer('fixed')->default(0);
                $t->integer('failed')->default(0);
                $t->integer('admin_id')->default(0);
                $t->string('lease_token', 32)->default('');
                $t->integer('lease_until')->default(0);
                $t->timestamps();
                $t->index(['case_id', 'state']);
            });
        }
        if (!$schema->hasTable(self::ITEMS)) {
            $schema->create(self::ITEMS, static function ($t): void {
                $t->increments('id');
                $t->integer('job_id');
                $t->integer('seq');
                $t->text('domain');
                $t->integer('domain_id');
                $t->text('before');
                $t->text('data');
                $t->string('status', 16)->default('pending');
                $t->text('after');
                $t->text('message');
                $t->index(['job_id', 'status', 'seq']);
            });
        }
    }

    /**
     * The last detection when it is younger than $maxAge seconds, else a new one.
     *
     * @return array<string, mixed> monitor_detect's answer plus generated_at
     */
    public function snapshot(int $maxAge, bool $refresh = false): array
    {
        if (!$refresh) {
            $row = Capsule::table('tbltransientdata')->where('name', self::SNAPSHOT)
                ->where('expires', '>', time())->first();
            if ($row !== null) {
                $data = json_decode((string) $row->data, true);
                if (\is_array($data) && ($data['api'] ?? '') === $this->monitor->api()) {
                    return $data;
                }
            }
        }
        $data = $this->detect() + ['generated_at' => time(), 'api' => $this->monitor->api()];
        Capsule::table('tbltransientdata')->where('name', self::SNAPSHOT)->delete();
        if ($data['errors'] !== []) {
            // A check the API could not answer in full is shown once, not kept.
            return $data;
        }
        Capsule::table('tbltransientdata')->insert([
            'name' => self::SNAPSHOT,
            'data' => json_encode($data, JSON_THROW_ON_ERROR | JSON_INVALID_UTF8_SUBSTITUTE),
            'expires' => time() + max(1, $maxAge),
        ]);
        return $data;
    }

    public static function forgetSnapshot(): void
    {
        Capsule::table('tbltransientdata')->where('name', self::SNAPSHOT)->delete();
    }

    /**
     * Lists each case's domains at the registrar, reads WHMCS's active domains of this
     * registrar, and has the core's rules compare them.
     *
     * @return array<string, mixed>
     */
    public function detect(): array
    {
        $core = $this->monitor->core();
        $api = $this->monitor->api();
        $lists = [];
        $errors = [];
        foreach ($core->call('monitor_cases', ['api' => $api]) as $case) {
            if (!$case['supported'] || $case['list'] === null) {
                continue;
            }
            $names = [];
            $first = 0;
            while ($first !== null) {
                $page = $this->monitor->run('ListPage', ['case' => $case['id'], 'first' => $first])['result'];
                if (isset($page['error'])) {
                    $errors[] = $page['error'];
                    continue 2;
                }
                array_push($names, ...$page['names']);
                $first = $page['next_first'];
            }
            $lists[$case['id']] = $names;
        }
        $detected = $core->call('monitor_detect', ['api' => $api, 'lists' => (object) $lists, 'whmcs' => self::whmcsDomainRows()]);
        $detected['errors'] = array_values(array_unique($errors));
        return $detected;
    }

    /**
     * WHMCS's active domains of this registrar as the rows monitor_detect reads. Each row is
     * a list in the core's field order, `[id, domain, idprotection, notes, premium, extras]`,
     * with the trailing values that are at their default (0, "", null, []) left out: most rows
     * are `[id, "name"]`, the smallest PHP array for 100 000 domains.
     *
     * @return list<list<mixed>>
     */
    public static function whmcsDomainRows(): array
    {
        $pdo = Capsule::connection()->getPdo();
        $extras = [];
        $stmt = $pdo->prepare(
            'SELECT e.domain_id, e.name FROM tbldomains_extra e JOIN tbldomains d ON d.id = e.domain_id'
            . ' WHERE d.registrar = ? AND d.status = ? AND d.is_premium = 1'
            . " AND e.name IN ('registrarRenewalCostPrice', 'registrarCostPrice', 'registrarCurrency')"
        );
        $stmt->execute([Registrar::MODULE, 'Active']);
        while (($row = $stmt->fetch(\PDO::FETCH_NUM)) !== false) {
            $extras[(int) $row[0]][] = (string) $row[1];
        }
        $stmt = $pdo->prepare(
            'SELECT id, domain, idprotection, additionalnotes, is_premium FROM tbldomains'
            . ' WHERE registrar = ? AND status = ? ORDER BY id'
        );
        $stmt->execute([Registrar::MODULE, 'Active']);
        $rows = [];
        while (($row = $stmt->fetch(\PDO::FETCH_NUM)) !== false) {
            $fields = [
                (int) $row[0],
                (string) $row[1],
                (int) $row[2],
                (string) $row[3],
                $row[4] === null ? null : (int) $row[4],
                $extras[(int) $row[0]] ?? [],
            ];
            while (\count($fields) > 2 && \in_array(end($fields), [0, '', null, []], true)) {
                array_pop($fields);
            }
            $rows[] = $fields;
        }
        return $rows;
    }

    /** @return array<string, mixed>|null the case in the snapshot */
    public static function findCase(array $snapshot, string $caseId): ?array
    {
        foreach ($snapshot['cases'] ?? [] as $case) {
            if ($case['id'] === $caseId) {
                return $case;
            }
        }
        return null;
    }

    /** @return array<string, mixed>|null the case's job that has items left */
    public static function openJob(string $caseId): ?array
    {
        $job = Capsule::table(self::JOBS)->where('case_id', $caseId)->where('state', 'running')
            ->orderByDesc('id')->first();
        return $job === null ? null : self::progress((int) $job->id);
    }

    /** @return array<string, mixed>|null the case's newest job */
    public static function lastJob(string $caseId): ?array
    {
        $id = Capsule::table(self::JOBS)->where('case_id', $caseId)->orderByDesc('id')->value('id');
        return $id === null ? null : self::progress((int) $id);
    }

    /** @return array<string, mixed> */
    public static function progress(int $jobId): array
    {
        $job = Capsule::table(self::JOBS)->where('id', $jobId)->first();
        if ($job === null) {
            throw new \InvalidArgumentException("no monitoring job $jobId");
        }
        $done = (int) $job->fixed + (int) $job->failed;
        return [
            'id' => (int) $job->id,
            'case' => (string) $job->case_id,
            'state' => (string) $job->state,
            'total' => (int) $job->total,
            'fixed' => (int) $job->fixed,
            'failed' => (int) $job->failed,
            'done' => $done,
            'percent' => (int) $job->total === 0 ? 100 : (int) floor(100 * $done / (int) $job->total),
            'finished' => $job->state === 'finished',
        ];
    }

    /**
     * The case's running job, or a new one over the snapshot's items of the case.
     *
     * @return array<string, mixed>|null null when the case has no items
     */
    public function startJob(string $caseId, int $adminId, int $maxAge): ?array
    {
        $open = self::openJob($caseId);
        if ($open !== null) {
            return $open;
        }
        $case = self::findCase($this->snapshot($maxAge), $caseId);
        if ($case === null || $case['items'] === []) {
            return null;
        }
        $now = date('Y-m-d H:i:s');
        $jobId = Capsule::connection()->transaction(static function () use ($case, $caseId, $adminId, $now): int {
            $jobId = (int) Capsule::table(self::JOBS)->insertGetId([
                'case_id' => $caseId,
                'state' => 'running',
                'total' => \count($case['items']),
                'admin_id' => $adminId,
                'created_at' => $now,
                'updated_at' => $now,
            ]);
            foreach (array_chunk($case['items'], 400) as $chunkIndex => $chunk) {
                $rows = [];
                foreach ($chunk as $i => $item) {
                    $rows[] = [
                        'job_id' => $jobId,
                        'seq' => $chunkIndex * 400 + $i,
                        'domain' => (string) $item['domain'],
                        'domain_id' => (int) $item['domain_id'],
                        'before' => (string) $item['before'],
                        'data' => json_encode($item['data'] ?? null, JSON_THROW_ON_ERROR),
                        'status' => 'pending',
                        'after' => '',
                        'message' => '',
                    ];
                }
                Capsule::table(self::ITEMS)->insert($rows);
            }
            return $jobId;
        });
        return self::progress($jobId);
    }

    /**
     * Fixes the job's next batch: claims it, has the core fix it, records the results.
     *
     * @return array<string, mixed> the job's progress, with busy (another request holds the
     *         job), stopped (the API asked to try later) and the batch's results
     */
    public function runBatch(int $jobId, int $batchSize): array
    {
        $job = self::progress($jobId);
        if ($job['finished']) {
            return $job + ['busy' => false, 'stopped' => false, 'results' => []];
        }
        $token = bin2hex(random_bytes(8));
        $now = time();
        $claimed = Capsule::table(self::JOBS)->where('id', $jobId)->where('state', 'running')
            ->where('lease_until', '<', $now)
            ->update(['lease_token' => $token, 'lease_until' => $now + self::LEASE]);
        if ($claimed === 0) {
            return $job + ['busy' => true, 'stopped' => false, 'results' => []];
        }
        try {
            $rows = Capsule::table(self::ITEMS)->where('job_id', $jobId)->whereIn('status', ['pending', 'claimed'])
                ->orderBy('seq')->limit(max(1, $batchSize))->get()->all();
            $before = [];
            $items = [];
            foreach ($rows as $row) {
                $before[(int) $row->id] = (string) $row->status;
                $items[] = [
                    'domain' => (string) $row->domain,
                    'domain_id' => (int) $row->domain_id,
                    'recheck' => $row->status === 'claimed',
                    'data' => json_decode((string) $row->data, true),
                ];
            }
            if ($items === []) {
                $this->finishIfDone($jobId);
                return self::progress($jobId) + ['busy' => false, 'stopped' => false, 'results' => []];
            }
            // From here a result that is not recorded leaves the item claimed: checked first next time.
            Capsule::table(self::ITEMS)->whereIn('id', array_keys($before))->update(['status' => 'claimed']);
            $run = $this->monitor->run('FixBatch', [
                'case' => $job['case'],
                'items' => $items,
                'currencies' => self::currencies(),
            ]);
            $result = $run['result'];
            if (isset($result['error'])) {
                foreach ($before as $id => $status) {
                    Capsule::table(self::ITEMS)->where('id', $id)->update(['status' => $status]);
                }
                return self::progress($jobId)
                    + ['busy' => false, 'stopped' => true, 'error' => $result['error'], 'results' => []];
            }
            $this->record($jobId, array_keys($before), array_values($before), $result['items'], $run);
            return self::progress($jobId)
                + ['busy' => false, 'stopped' => (bool) $result['stopped'], 'results' => $result['items']];
        } finally {
            Capsule::table(self::JOBS)->where('id', $jobId)->where('lease_token', $token)->update(['lease_until' => 0]);
        }
    }

    /**
     * @param list<int> $ids
     * @param list<string> $previous each item's status before the batch
     * @param list<array<string, mixed>> $results the core's results, in the items' order
     * @param array{db: list<array<string, mixed>>, activity: list<string>} $run
     */
    private function record(int $jobId, array $ids, array $previous, array $results, array $run): void
    {
        Capsule::connection()->transaction(function () use ($jobId, $ids, $previous, $results, $run): void {
            Registrar::applyChanges($run['db'], $run['activity']);
            foreach ($results as $i => $r) {
                $status = match ($r['status']) {
                    'fixed' => 'fixed',
                    'failed' => 'failed',
                    'retry' => 'claimed',
                    default => $previous[$i],
                };
                Capsule::table(self::ITEMS)->where('id', $ids[$i])->update([
                    'status' => $status,
                    'after' => (string) $r['after'],
                    'message' => (string) $r['message'],
                ]);
            }
            $counts = Capsule::table(self::ITEMS)->where('job_id', $jobId)
                ->selectRaw("SUM(CASE WHEN status = 'fixed' THEN 1 ELSE 0 END) AS fixed")
                ->selectRaw("SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) AS failed")
                ->first();
            Capsule::table(self::JOBS)->where('id', $jobId)->update([
                'fixed' => (int) $counts->fixed,
                'failed' => (int) $counts->failed,
                'updated_at' => date('Y-m-d H:i:s'),
            ]);
            $this->finishIfDone($jobId);
        });
    }

    private function finishIfDone(int $jobId): void
    {
        $open = Capsule::table(self::ITEMS)->where('job_id', $jobId)
            ->whereIn('status', ['pending', 'claimed'])->exists();
        if (!$open) {
            Capsule::table(self::JOBS)->where('id', $jobId)->update(['state' => 'finished']);
            // What the widget shows has changed.
            self::forgetSnapshot();
        }
    }

    /** @return list<array{id: int, code: string}> */
    public static function currencies(): array
    {
        return array_map(
            static fn (object $c): array => ['id' => (int) $c->id, 'code' => (string) $c->code],
            Capsule::table('tblcurrencies')->orderBy('id')->get(['id', 'code'])->all()
        );
    }

    /**
     * A case's CSV: its items as found (no job), or a job's items with each one's result.
     *
     * @return array{filename: string, text: string}
     */
    public function csv(string $caseId, ?int $jobId, int $maxAge): array
    {
        $rows = [];
        if ($jobId !== null) {
            $job = self::progress($jobId);
            if ($job['case'] !== $caseId) {
                throw new \InvalidArgumentException("job $jobId is not a job of $caseId");
            }
            foreach (Capsule::table(self::ITEMS)->where('job_id', $jobId)->orderBy('seq')->cursor() as $row) {
                $rows[] = [
                    'domain' => (string) $row->domain,
                    'before' => (string) $row->before,
                    'status' => $row->status === 'claimed' ? 'pending' : (string) $row->status,
                    'after' => (string) $row->after,
                    'message' => (string) $row->message,
                ];
            }
        } else {
            foreach (self::findCase($this->snapshot($maxAge), $caseId)['items'] ?? [] as $item) {
                $rows[] = ['domain' => (string) $item['domain'], 'before' => (string) $item['before']];
            }
        }
        return $this->monitor->core()->call('monitor_csv', ['case' => $caseId, 'rows' => $rows]);
    }
}
