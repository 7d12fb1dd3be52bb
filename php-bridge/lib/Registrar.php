<?php

declare(strict_types=1);

namespace IspapiCore;

/**
 * Runs a registrar function the way the core decides it: the core names each API command,
 * this class sends it and feeds the reply back, until the core returns WHMCS's result. Then it
 * applies the database changes and activity-log lines the core asked for. No decisions here.
 */
final class Registrar
{
    public const MODULE = 'ispapi';

    /** What a client reads when a call failed for a reason only the admin can act on. */
    public const CLIENT_ERROR = 'The request could not be completed; the details are in the module log.';

    /**
     * @param array<string, mixed> $params the $params WHMCS passed to ispapi_<Function>()
     * @param bool $forClient the result is shown to a client (also whenever WHMCS runs a
     *        client-area page, CLIENTAREA): a failure is then CLIENT_ERROR, its details logged
     * @return array<string, mixed>|string|object WHMCS's return value for that function
     */
    public static function run(string $function, array $params, ?Core $core = null, ?ApiClient $client = null, bool $forClient = false): array|string|object
    {
        try {
            $core ??= Core::shared();
            $params = self::plain($params);
            $transcript = [];
            while (true) {
                $step = $core->call('registrar_step', [
                    'function' => $function,
                    'params' => (object) $params,
                    'transcript' => $transcript,
                    'today' => gmdate('Y-m-d'),
                ]);
                if ($step['step'] !== 'send') {
                    break;
                }
                // Made on the first command: functions that send none need no API settings.
                $client ??= self::client($core, $params);
                $transcript[] = ['command' => (object) $step['command'], 'response' => $client->request($step['command'])];
            }
            self::applyChanges($step['db'] ?? [], $step['activity'] ?? []);
            $result = $step['result'];
            if (\is_array($result) && isset($result['objects'], $result['items'])) {
                return self::objects($result['objects'], $result['items']);
            }
            if (\is_array($result) && isset($result['object'], $result['setters'])) {
                return self::object($result['object'], $result['setters'], $result['args'] ?? []);
            }
            // WHMCS expects arrays from most functions ([] for "nothing to report").
            return $result === null ? [] : $result;
        } catch (\Throwable $e) {
            // Never a white page: WHMCS shows the error and carries on.
            return ['error' => self::failed($function, $e, $forClient || \defined('CLIENTAREA'))];
        }
    }

    /**
     * The error text for a call that threw. The core's own errors are sentences for the admin;
     * anything else (the extension or the .wasm unusable, a database query) may carry server
     * paths and SQL. A client reads CLIENT_ERROR; the admin the text without paths and SQL; the
     * full text goes to the logs. Decided here, not in the core: the core may be what failed.
     */
    private static function failed(string $function, \Throwable $e, bool $forClient): string
    {
        $detail = $e instanceof Exception ? $e->getMessage() : 'unexpected ' . get_class($e) . ': ' . $e->getMessage();
        if ($forClient) {
            return self::clientError($function, $detail);
        }
        if ($e instanceof CoreException) {
            return 'ispapi: ' . $detail;
        }
        self::logFailure($function, $detail);
        return 'ispapi: ' . self::withoutServerDetails($detail) . ' (the details are in the activity log)';
    }

    /** Logs what failed for the admin and returns the sentence the client reads instead. */
    public static function clientError(string $function, string $detail): string
    {
        self::logFailure($function, $detail);
        return self::clientSentence();
    }

    /** CLIENT_ERROR in the client's language (texts.toml `client_error`; English if the core cannot say). */
    public static function clientSentence(): string
    {
        $text = Lang::text(Lang::forClient(), 'client_error');
        return $text === 'client_error' ? self::CLIENT_ERROR : $text;
    }

    /**
     * The whole text in the activity log (kept whatever the settings) and, while it is on, the
     * module log; both only for admins. Logging must not fail the page either (the database may
     * be what failed).
     */
    private static function logFailure(string $function, string $detail): void
    {
        try {
            if (\function_exists('logActivity')) {
                \logActivity('ispapi: ' . $function . ' failed: ' . $detail);
            }
            if (\function_exists('logModuleCall') && \WHMCS\Config\Setting::getValue('ModuleDebugMode')) {
                \logModuleCall(self::MODULE, $function, '', $detail);
            }
        } catch (\Throwable) {
            // Nothing left to tell it to.
        }
    }

    /**
     * An error text without server details: the SQL of a query exception is dropped and each
     * absolute path (not a URL) becomes its file's name.
     */
    public static function withoutServerDetails(string $text): string
    {
        // Laravel ends a query exception with "(SQL: …)" or "(Connection: …, SQL: …)".
        $text = (string) preg_replace('/\s*\((?:Connection: [^,()]*, )?SQL: .*\)\s*$/s', '', $text);
        return (string) preg_replace_callback(
            '#(?<![\w.:/\\\\~-])(?:/|[A-Za-z]:\\\\)[^\s\'"()\[\]<>,;:]+#',
            static function (array $m): string {
                $parts = preg_split('~[/\\\\]~', rtrim($m[0], '/\\'));
                return (string) end($parts);
            },
            $text
        );
    }

    /**
     * The registrar's saved settings (WHMCS's getRegistrarConfigOptions). WHMCS defines that
     * function in includes/registrarfunctions.php, which it loads where it calls registrar
     * modules but not on every page or in the cron's hooks; WHMCS's own code loads the file when
     * the function is missing, and so does this.
     *
     * @return array<string, mixed>
     */
    public static function savedSettings(): array
    {
        if (!\function_exists('getRegistrarConfigOptions') && \defined('ROOTDIR')
            && is_file(ROOTDIR . '/includes/registrarfunctions.php')) {
            require_once ROOTDIR . '/includes/registrarfunctions.php';
        }
        if (!\function_exists('getRegistrarConfigOptions')) {
            throw new \RuntimeException("WHMCS's registrar functions (includes/registrarfunctions.php) could not be loaded");
        }
        return (array) \getRegistrarConfigOptions(self::MODULE);
    }

    /**
     * The settings page. Without the extension it still renders, with the one sentence that
     * says how to install it, instead of failing the page.
     *
     * @param array<string, mixed> $params
     * @return array<string, mixed>
     */
    public static function config(array $params = []): array
    {
        // The admin's language and texts (Lang), for the labels and descriptions.
        $lang = Lang::forAdmin();
        $t = static fn (string $key): string => Lang::text($lang, $key);
        try {
            $config = Core::shared()->call('registrar_config', ['params' => (object) (['lang' => $lang] + self::plain($params))]);
        } catch (\Throwable $e) {
            // The admin's settings page: what is wrong, without server paths.
            return ['Description' => ['Type' => 'System', 'Value' => 'ispapi: ' . self::withoutServerDetails($e->getMessage())]];
        }
        // Only on the settings page itself: WHMCS reads this array in other places too, which
        // must not cost an API call.
        $onSettingsPage = basename((string) ($_SERVER['SCRIPT_NAME'] ?? '')) === 'configregistrars.php';
        if ($onSettingsPage && ($params['Username'] ?? '') !== '' && ($params['Password'] ?? '') !== '') {
            $check = self::run('CheckConnection', ['lang' => $lang] + $params);
            $config['Connection'] = [
                'FriendlyName' => $t('setting_connection'),
                'Type' => 'System',
                'Value' => htmlspecialchars((string) ($check['message'] ?? $check['error'] ?? ''), ENT_QUOTES),
            ];
        }
        if ($onSettingsPage) {
            $migration = self::migrationField($t);
            if ($migration !== null) {
                $config['Migration'] = $migration;
            }
            // How the core runs here: which compiled-module cache it uses, or why none.
            $config['Runtime'] = [
                'FriendlyName' => $t('setting_runtime'),
                'Type' => 'System',
                'Value' => htmlspecialchars(Core::shared()->runtimeSummary(), ENT_QUOTES),
            ];
        }
        return $config;
    }

    /**
     * The one-click migration from WHMCS's built-in HEXONET module (seed: "1-Click Migration"):
     * while that module still has domains, TLDs or settings to take over, a button with what it
     * would do; the button's link carries the admin's token (it changes data) and runs the same
     * migration as migrate.php --apply. Nothing when there is nothing to migrate.
     *
     * @return array<string, string>|null
     */
    private static function migrationField(\Closure $t): ?array
    {
        $e = static fn (string $t): string => htmlspecialchars($t, ENT_QUOTES | ENT_SUBSTITUTE, 'UTF-8');
        $field = static fn (string $html): array => ['FriendlyName' => $t('setting_migration'), 'Type' => 'System', 'Value' => $html];
        $apply = \App::getFromRequest('ispapi_migrate') === '1';
        if ($apply) {
            // A wrong or missing token ends the request here (WHMCS's check_token).
            \check_token('WHMCS.admin.default');
        }
        try {
            if ($apply) {
                $report = Migration::run(true);
                return $field('<div class="alert alert-success ispapi-migrated">' . implode('<br>', array_map($e, $report)) . '</div>');
            }
            $pending = Migration::pending();
        } catch (\Throwable $ex) {
            return $field('<div class="alert alert-danger">ispapi: migration failed, nothing was changed: '
                . $e(self::withoutServerDetails($ex->getMessage())) . '</div>');
        }
        if ($pending === null) {
            return null;
        }
        $href = 'configregistrars.php?ispapi_migrate=1' . \generate_token('link') . '#ispapi';
        return $field('<p class="ispapi-migration">' . implode('<br>', array_map($e, $pending)) . '</p>'
            . '<a class="btn btn-default ispapi-migrate" href="' . $e($href) . '">' . $e($t('setting_migrate_button')) . '</a>');
    }

    /**
     * WHMCS's check when the admin saves the settings: a clear sentence, never a broken page.
     *
     * @param array<string, mixed> $params
     * @throws \WHMCS\Exception\Module\InvalidConfiguration
     */
    public static function validate(array $params): void
    {
        // The refusal in the admin's language (the core's own texts; the API's stay English).
        $check = self::run('CheckConnection', ['lang' => Lang::forAdmin()] + $params);
        if (isset($check['error'])) {
            throw new \WHMCS\Exception\Module\InvalidConfiguration($check['error']);
        }
    }

    /**
     * A WHMCS object the core described as setter calls (GetDomainInformation's Domain), built
     * with the constructor arguments `args` (a SearchResult's sld and tld).
     * `{"date": "Y-m-d"}` arguments become WHMCS\Carbon dates, `{"constant": "NAME"}` the
     * class's constant (SearchResult::STATUS_*, whose values are WHMCS's own).
     *
     * @param list<array{0: string, 1: mixed}> $setters
     * @param list<mixed> $args
     */
    private static function object(string $class, array $setters, array $args = []): object
    {
        $object = new $class(...$args);
        foreach ($setters as [$method, $argument]) {
            if (\is_array($argument) && array_keys($argument) === ['date']) {
                $argument = \WHMCS\Carbon::createFromFormat('Y-m-d', $argument['date']);
            } elseif (\is_array($argument) && array_keys($argument) === ['constant']) {
                $argument = \constant($class . '::' . $argument['constant']);
            }
            $object->$method($argument);
        }
        return $object;
    }

    /**
     * A WHMCS collection of such objects, `{"objects": list class, "items": [{object, setters,
     * args?}, …]}`: GetTldPricing's ImportItems, CheckAvailability's SearchResults.
     *
     * @param list<array{object: string, setters: list<array{0: string, 1: mixed}>, args?: list<mixed>}> $items
     */
    private static function objects(string $listClass, array $items): object
    {
        $list = new $listClass();
        foreach ($items as $item) {
            $list[] = self::object($item['object'], $item['setters'], $item['args'] ?? []);
        }
        return $list;
    }

    /**
     * `$params` with `whmcsCurrencies`, the rows of tblcurrencies, for functions whose prices
     * must be in a currency WHMCS has (GetTldPricing, the lookup's premium prices).
     *
     * @param array<string, mixed> $params
     * @return array<string, mixed>
     */
    public static function withCurrencies(array $params): array
    {
        $params['whmcsCurrencies'] = \WHMCS\Database\Capsule::table('tblcurrencies')->orderBy('id')
            ->get(['id', 'code', 'default'])->map(static fn ($row): array => (array) $row)->all();
        return $params;
    }

    /**
     * `$params` with `whmcs_records` for TransferSync, to which WHMCS passes no nameservers or
     * contacts (developer docs, domain-syncing.md): `order_nameservers`, tblorders.nameservers
     * of the domain's order, and `client`, the owner's details from localAPI GetClientsDetails
     * (read from tblclients, with the phone's country code WHMCS derives). The core decides
     * whether to use them. A failed read is logged and leaves the part out.
     *
     * @param array<string, mixed> $params
     * @return array<string, mixed>
     */
    public static function withTransferRecords(array $params): array
    {
        $records = [];
        try {
            $domain = \WHMCS\Database\Capsule::table('tbldomains')->where('id', (int) ($params['domainid'] ?? 0))
                ->first(['userid', 'orderid']);
            if ($domain !== null) {
                $nameservers = \WHMCS\Database\Capsule::table('tblorders')->where('id', (int) $domain->orderid)->value('nameservers');
                if (\is_string($nameservers)) {
                    $records['order_nameservers'] = $nameservers;
                }
                $details = \localAPI('GetClientsDetails', ['clientid' => (int) $domain->userid]);
                if (($details['result'] ?? '') === 'success' && \is_array($details['client'] ?? null)) {
                    $records['client'] = self::plain($details['client']);
                }
            }
        } catch (\Throwable $e) {
            self::logFailure('TransferSync', 'reading the order and client: ' . $e->getMessage());
        }
        $params['whmcs_records'] = $records;
        return $params;
    }

    /**
     * `$params` with `whmcs_records.additionalnotes`, the domain's admin notes (tbldomains),
     * which WHMCS does not pass: an application's id is appended to them, not written over them.
     *
     * @param array<string, mixed> $params
     * @return array<string, mixed>
     */
    public static function withDomainNotes(array $params): array
    {
        try {
            $notes = \WHMCS\Database\Capsule::table('tbldomains')->where('id', (int) ($params['domainid'] ?? 0))->value('additionalnotes');
        } catch (\Throwable $e) {
            self::logFailure('RegisterDomain', 'reading the domain notes: ' . $e->getMessage());
            $notes = null;
        }
        $params['whmcs_records'] = \is_string($notes) ? ['additionalnotes' => $notes] : [];
        return $params;
    }

    /**
     * `$params` with `status`, the domain's status in WHMCS (tbldomains), which WHMCS does not
     * pass to every function (the admin buttons depend on it).
     *
     * @param array<string, mixed> $params
     * @return array<string, mixed>
     */
    public static function withDomainStatus(array $params): array
    {
        if (!isset($params['status']) && isset($params['domainid'])) {
            $status = \WHMCS\Database\Capsule::table('tbldomains')->where('id', (int) $params['domainid'])->value('status');
            if (\is_string($status)) {
                $params['status'] = $status;
            }
        }
        return $params;
    }

    /**
     * The admin domain page's extra rows (AdminDomainsTabFields): the core decides them from
     * the domain's status, the API and the activity-log lines about the domain; every value is
     * escaped here, since WHMCS prints them as HTML.
     *
     * @param array<string, mixed> $params
     * @return array<string, string>
     */
    public static function adminDomainFields(array $params): array
    {
        try {
            $params = self::withDomainStatus($params);
            $domain = trim(((string) ($params['sld'] ?? '')) . '.' . ((string) ($params['tld'] ?? '')), '.');
            $params['activity'] = $domain === '' ? [] : \WHMCS\Database\Capsule::table('tblactivitylog')
                ->where('description', 'like', '%' . addcslashes($domain, '%_\\') . '%')
                ->orderBy('id', 'desc')->limit(200)->get(['date', 'description'])
                ->map(static fn ($row): array => ['date' => (string) $row->date, 'description' => (string) $row->description])
                ->all();
        } catch (\Throwable $e) {
            $params['activity'] = [];
        }
        $fields = self::run('AdminDomainsTabFields', ['lang' => Lang::forAdmin()] + $params);
        if (isset($fields['error'])) {
            $fields = ['ispapi' => (string) $fields['error']];
        }
        $out = [];
        foreach ((array) $fields as $label => $value) {
            $out[htmlspecialchars((string) $label, ENT_QUOTES)] = nl2br(htmlspecialchars((string) $value, ENT_QUOTES));
        }
        return $out;
    }

    /**
     * The API client for the account in the module settings; calls are logged redacted while
     * WHMCS's module logging is on. WHMCS's own logModuleCall() drops everything while it is
     * off, so then no reply is redacted for a log that is not written.
     */
    public static function client(Core $core, array $params): ApiClient
    {
        $account = $core->call('registrar_account', ['params' => (object) self::plain($params)]);
        $password = (string) $account['password'];
        $logging = \function_exists('logModuleCall') && \WHMCS\Config\Setting::getValue('ModuleDebugMode');
        return new ApiClient($account, [
            'logger' => $logging
                ? static function (string $action, string $request, string $response, array $parsed) use ($password): void {
                    \logModuleCall(self::MODULE, $action, $request, $response, $parsed, [$password]);
                }
                : null,
        ], $core);
    }

    /**
     * WHMCS's params hold objects (domainObj, also inside `original`) the core does not need;
     * keep scalars and arrays, at every depth.
     *
     * @param array<string, mixed> $params
     * @return array<string, mixed>
     */
    private static function plain(array $params): array
    {
        $plain = [];
        foreach ($params as $key => $value) {
            if (\is_array($value)) {
                $plain[$key] = self::plain($value);
            } elseif (!\is_object($value) && !\is_resource($value)) {
                $plain[$key] = $value;
            }
        }
        return $plain;
    }

    /**
     * @param list<array{table: string, where: array<string, mixed>, set: array<string, mixed>, upsert: bool}> $db
     * @param list<string> $activity
     */
    public static function applyChanges(array $db, array $activity): void
    {
        // One transaction: a price sync writes thousands of rows; all of them land or none.
        if ($db !== []) {
            \WHMCS\Database\Capsule::connection()->transaction(static function () use ($db): void {
                foreach ($db as $change) {
                    $query = \WHMCS\Database\Capsule::table($change['table']);
                    if ($change['upsert']) {
                        $query->updateOrInsert($change['where'], $change['set']);
                    } else {
                        $query->where($change['where'])->update($change['set']);
                    }
                }
            });
        }
        foreach ($activity as $line) {
            if (\function_exists('logActivity')) {
                \logActivity($line);
            }
        }
    }
}
