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
    /** @var callable(string, string, string, array<string, mixed>): void */
    private $logger;
    /** @var callable(int): void */
    private $sleeper;
    private int $connectTimeout;
    private int $timeout;

    /**
     * @param array<string, mixed> $account api ("ispapi"|"cnr"), environment ("live"|"ote"),
     *        login, password, role, subuser, url (another endpoint, e.g. the simulator), proxy
     * @param array<string, mixed> $options connect_timeout and timeout in seconds;
     *        logger fn(string $action, string $request, string $response, array $parsed) that
     *        receives only redacted text; sleeper fn(int $milliseconds) for tests
     */
    public function __construct(array $account, array $options = [], private ?Core $core = null)
    {
        $this->account = $account;
        $this->core ??= Core::shared();
        $this->logger = $options['logger'] ?? static function (): void {
        };
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
        $request = $this->core->call('build_request', $this->account + ['command' => (object) $command]);
        $name = (string) ($command['COMMAND'] ?? $command['command'] ?? '');
        $started = hrtime(true);
        for ($attempt = 1;; $attempt++) {
            [$response, $body, $outcome] = $this->send($request);
            $this->log($name, $request['redacted']['command'], $body, $response);

            $decision = $this->core->call('retry_policy', [
                'command' => $name,
                'attempt' => $attempt,
                'outcome' => $outcome['outcome'],
                'http_status' => $outcome['http_status'] ?? null,
                'code' => $response['code'],
                'elapsed_ms' => intdiv(hrtime(true) - $started, 1_000_000),
            ]);
            if (!$decision['retry']) {
                return $response;
            }
            ($this->sleeper)((int) $decision['delay_ms']);
        }
    }

    /**
     * Hands the logger the redacted request and reply; the parsed reply too, re-parsed from
     * the redacted text only when something in it had to be masked (an auth code).
     *
     * @param array<string, mixed> $response
     */
    private function log(string $name, string $request, ?string $body, array $response): void
    {
        if ($body === null) {
            ($this->logger)($name, $request, $response['description'], $response);
            return;
        }
        $redacted = $this->core->call('redact_response', ['text' => $body]);
        if ($redacted['masked'] > 0) {
            $response = $this->core->call('parse_response', ['text' => $redacted['text']]);
        }
        ($this->logger)($name, $request, $redacted['text'], $response);
    }

    /**
     * One HTTP exchange.
     *
     * @param array<string, mixed> $request
     * @return array{0: array<string, mixed>, 1: ?string, 2: array<string, mixed>}
     */
    private function send(array $request): array
    {
        $curl = curl_init($request['url']);
        if ($curl === false) {
            return $this->failure('curl could not be initialised', 'connect_failed');
        }
        curl_setopt_array($curl, [
            CURLOPT_POST => true,
            CURLOPT_POSTFIELDS => $request['body'],
            CURLOPT_HTTPHEADER => ['Content-Type: ' . $request['content_type'], 'Expect:'],
            CURLOPT_RETURNTRANSFER => true,
            CURLOPT_CONNECTTIMEOUT => $this->connectTimeout,
            CURLOPT_TIMEOUT => $this->timeout,
            CURLOPT_SSL_VERIFYPEER => true,
            CURLOPT_SSL_VERIFYHOST => 2,
            CURLOPT_PROTOCOLS => CURLPROTO_HTTPS | CURLPROTO_HTTP,
            CURLOPT_FOLLOWLOCATION => false,
            CURLOPT_USERAGENT => 'ispapi-whmcs-core',
        ]);
        if (!empty($request['proxy'])) {
            curl_setopt($curl, CURLOPT_PROXY, $request['proxy']);
        }
        $body = curl_exec($curl);
        $errno = curl_errno($curl);
        $status = (int) curl_getinfo($curl, CURLINFO_RESPONSE_CODE);
        // 0 when no connection was ever established: then nothing reached the API.
        $connected = (int) curl_getinfo($curl, CURLINFO_CONNECT_TIME_T) > 0;
        $error = curl_error($curl);
        curl_close($curl);

        if ($errno !== 0 || !is_string($body)) {
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
