<?php

declare(strict_types=1);

namespace IspapiCore;

/**
 * Sends registrar API commands over HTTPS with curl. Everything it decides comes from the core:
 * the request (build_request), the reading of the reply (parse_response), what a failed
 * transport means (transport_failure), whether to try again (retry_policy) and what may be
 * logged (the redacted request, redact_response). This class only does the I/O.
 */
final class ApiClient
{
    /** @var array<string, mixed> */
    private array $account;
    /** @var (callable(string, string, string, array<string, mixed>): void)|null */
    private $logger;
    /** @var callable(int): void */
    private $sleeper;
    private int $connectTimeout;
    private int $timeout;
    private bool $persistent;

    /**
     * Open API sessions of this PHP process, by account (the session id and the account it
     * belongs to); and one curl handle per process so that HTTP keep-alive reuses the
     * connection (the high-performance setting).
     *
     * @var array<string, array{id: string, account: array<string, mixed>}>
     */
    private static array $sessions = [];
    private static ?\CurlHandle $handle = null;
    private static bool $shutdownRegistered = false;

    /**
     * @param array<string, mixed> $account api ("ispapi"|"cnr"), environment ("live"|"ote"),
     *        login, password, role, subuser, url (another endpoint, e.g. the simulator), proxy
     * @param array<string, mixed> $options connect_timeout and timeout in seconds;
     *        persistent: keep one API session and connection for the whole PHP process;
     *        logger fn(string $action, string $request, string $response, array $parsed) that
     *        receives only redacted text (none: nothing is logged, nothing redacted); sleeper fn(int $milliseconds) for tests
     */
    public function __construct(array $account, array $options = [], private ?Core $core = null)
    {
        // registrar_account says whether to keep a session; build_request does not take it.
        $this->persistent = (bool) ($options['persistent'] ?? $account['persistent'] ?? false);
        unset($account['persistent']);
        $this->account = $account;
        $this->core ??= Core::shared();
        $this->logger = $options['logger'] ?? null;
        $this->sleeper = $options['sleeper'] ?? static function (int $ms): void {
            usleep($ms * 1000);
        };
        $this->connectTimeout = (int) ($options['connect_timeout'] ?? 10);
        $this->timeout = (int) ($options['timeout'] ?? 60);
    }

    /**
     * Sends one command; returns the parsed response (code, description, success, kind,
     * columns, properties, pagination). Never throws for API or network failures: those are
     * responses too (a 421 for no reply, a 423 for an unreadable one).
     *
     * @param array<string, mixed> $command e.g. ['COMMAND' => 'CheckDomains', 'DOMAIN' => ['a.com']]
     * @return array<string, mixed>
     */
    public function request(array $command): array
    {
        $name = (string) ($command['COMMAND'] ?? $command['command'] ?? '');
        $started = hrtime(true);
        for ($attempt = 1;; $attempt++) {
            $session = $this->persistent ? $this->session() : null;
            $request = $this->core->call('build_request', $this->account + ['command' => (object) $command, 'session' => $session] + self::memory());
            [$response, $body, $outcome] = $this->send($request);
            $this->log($name, $request['redacted']['command'], $body, $response);

            $decision = $this->core->call('retry_policy', [
                'command' => $name,
                'attempt' => $attempt,
                'outcome' => $outcome['outcome'],
                'http_status' => $outcome['http_status'] ?? null,
                'code' => $response['code'],
                'elapsed_ms' => intdiv(hrtime(true) - $started, 1_000_000),
                'session' => $session !== null,
            ]);
            if ($decision['renew_session'] ?? false) {
                unset(self::$sessions[$this->sessionKey()]);
            }
            if (!$decision['retry']) {
                return $response;
            }
            ($this->sleeper)((int) $decision['delay_ms']);
        }
    }

    /**
     * The process's session for this account, opened on first use; null when the login did
     * not open one (then each command carries the password, as without the setting).
     */
    private function session(): ?string
    {
        $key = $this->sessionKey();
        if (isset(self::$sessions[$key])) {
            return self::$sessions[$key]['id'];
        }
        $request = $this->core->call('build_request', $this->account + ['start_session' => true] + self::memory());
        [$response, $body] = $this->send($request);
        $this->log('StartSession', $request['redacted']['command'], $body, $response);
        $id = $this->core->call('session_id', ['api' => $this->account['api'], 'response' => $response])['session'];
        if (!\is_string($id)) {
            return null;
        }
        self::$sessions[$key] = ['id' => $id, 'account' => $this->account];
        if (!self::$shutdownRegistered) {
            self::$shutdownRegistered = true;
            register_shutdown_function([self::class, 'closeSessions']);
        }
        return $id;
    }

    /** Ends the process's sessions (at shutdown), so none stays open at the API. */
    public static function closeSessions(?Core $core = null): void
    {
        $open = self::$sessions;
        self::$sessions = [];
        foreach ($open as ['id' => $id, 'account' => $account]) {
            try {
                $client = new self($account, ['persistent' => false], $core);
                $client->send($client->core->call('build_request', $account + ['end_session' => true, 'session' => $id] + self::memory()));
            } catch (\Throwable) {
                // The API ends an unused session by itself; nothing to lose here.
            }
        }
    }

    /**
     * What the core needs to decide how large a reply may be read (build_request's
     * max_reply_bytes): the core's memory limit, and PHP's own limit and use.
     *
     * @return array{core_memory_limit_mb: ?int, host_memory_limit: string, host_memory_used: int}
     */
    private static function memory(): array
    {
        $core = (int) ini_get('ispapi_core.memory_limit_mb');
        return [
            'core_memory_limit_mb' => $core > 0 ? $core : null,
            'host_memory_limit' => (string) ini_get('memory_limit'),
            'host_memory_used' => memory_get_usage(true),
        ];
    }

    private function sessionKey(): string
    {
        $a = $this->account;
        return hash('sha256', implode("\0", [$a['api'] ?? '', $a['environment'] ?? '', $a['login'] ?? '', $a['role'] ?? '', $a['subuser'] ?? '', $a['url'] ?? '', $a['password'] ?? '']));
    }

    /**
     * Hands the logger the redacted request and reply; the parsed reply too, re-parsed from
     * the redacted text only when something in it had to be masked (an auth code).
     *
     * @param array<string, mixed> $response
     */
    private function log(string $name, string $request, ?string $body, array $response): void
    {
        if ($this->logger === null) {
            return;
        }
        if ($body === null) {
            ($this->logger)($name, $request, $response['description'], $response);
            return;
        }
        $redacted = $this->core->call('redact_response', ['text' => $body]);
        if ($redacted['masked'] > 0) {
            $body = (string) $redacted['text'];
            $response = $this->core->call('parse_response', ['text' => $body]);
        }
        ($this->logger)($name, $request, $body, $response);
    }

    /**
     * One HTTP exchange.
     *
     * @param array<string, mixed> $request
     * @return array{0: array<string, mixed>, 1: ?string, 2: array<string, mixed>}
     */
    private function send(array $request): array
    {
        // The high-performance setting keeps one handle, and so its connection, per process.
        $curl = $this->persistent ? (self::$handle ??= curl_init() ?: null) : curl_init();
        if (!$curl instanceof \CurlHandle) {
            return $this->failure('curl could not be initialised', 'connect_failed');
        }
        // The body is read into $reply->body, and no further than the core's limit: a larger
        // reply would end PHP with "Allowed memory size exhausted" (a blank page). Returning
        // fewer bytes than given makes curl stop reading.
        $limit = (int) $request['max_reply_bytes'];
        $reply = new \stdClass();
        $reply->body = '';
        $reply->tooLarge = false;
        curl_setopt_array($curl, [
            CURLOPT_URL => $request['url'],
            CURLOPT_POST => true,
            CURLOPT_POSTFIELDS => $request['body'],
            CURLOPT_HTTPHEADER => ['Content-Type: ' . $request['content_type'], 'Expect:'],
            CURLOPT_RETURNTRANSFER => false,
            CURLOPT_WRITEFUNCTION => static function ($curl, string $chunk) use ($reply, $limit): int {
                if (\strlen($reply->body) + \strlen($chunk) > $limit) {
                    $reply->tooLarge = true;
                    return 0;
                }
                $reply->body .= $chunk;
                return \strlen($chunk);
            },
            // A reply that announces its length is refused before any of it is read.
            CURLOPT_MAXFILESIZE_LARGE => $limit,
            CURLOPT_CONNECTTIMEOUT => $this->connectTimeout,
            CURLOPT_TIMEOUT => $this->timeout,
            CURLOPT_SSL_VERIFYPEER => true,
            CURLOPT_SSL_VERIFYHOST => 2,
            CURLOPT_PROTOCOLS => CURLPROTO_HTTPS | CURLPROTO_HTTP,
            CURLOPT_FOLLOWLOCATION => false,
            CURLOPT_USERAGENT => 'ispapi-whmcs-core',
        ]);
        if (!empty($request['proxy']) || $this->persistent) {
            // A kept handle may carry another account's proxy: always set (or clear) it.
            curl_setopt($curl, CURLOPT_PROXY, (string) ($request['proxy'] ?? ''));
        }
        $done = curl_exec($curl);
        $body = $reply->body;
        // A kept handle keeps its write function until the next request: not the body too.
        $reply->body = '';
        $errno = curl_errno($curl);
        $status = (int) curl_getinfo($curl, CURLINFO_RESPONSE_CODE);
        // 0 when no connection was ever established: then nothing reached the API.
        // A kept-alive connection has no connect time; only a failure to resolve or connect
        // proves nothing was sent.
        $connected = (int) curl_getinfo($curl, CURLINFO_CONNECT_TIME_T) > 0
            || (int) curl_getinfo($curl, CURLINFO_PRETRANSFER_TIME_T) > 0
            || !\in_array($errno, [CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT], true);
        $error = curl_error($curl);
        if (!$this->persistent) {
            curl_close($curl);
        }

        if ($reply->tooLarge || $errno === CURLE_FILESIZE_EXCEEDED) {
            // The API answered, so the command ran; the core decides (never to resend).
            $failure = $this->core->call('transport_failure', ['reply_limit_bytes' => $limit]);
            return [$failure, null, ['outcome' => 'reply_too_large']];
        }
        if ($errno !== 0 || $done !== true) {
            $outcome = match (true) {
                !$connected => 'connect_failed',
                $errno === CURLE_OPERATION_TIMEDOUT => 'timeout',
                default => 'network_error',
            };
            return $this->failure("curl error $errno: $error", $outcome);
        }
        if ($status !== 200) {
            [$response] = $this->failure("HTTP $status", 'http');
            return [$response, null, ['outcome' => 'http', 'http_status' => $status]];
        }
        return [$this->core->call('parse_response', ['text' => $body]), $body, ['outcome' => 'api']];
    }

    /** @return array{0: array<string, mixed>, 1: null, 2: array<string, mixed>} */
    private function failure(string $detail, string $outcome): array
    {
        return [$this->core->call('transport_failure', ['detail' => $detail]), null, ['outcome' => $outcome]];
    }
}
