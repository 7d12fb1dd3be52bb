<?php

declare(strict_types=1);

namespace IspapiCore;

use WHMCS\Database\Capsule;

/**
 * The Account widget's version check. The core names the manifest URL and the limits
 * (version_source) and compares the versions (version_check); this class only fetches the
 * manifest and keeps what it got in tbltransientdata (a day; a failed fetch an hour), so a
 * dashboard load asks the network at most once a day, and never waits longer than the core's
 * timeout.
 */
final class VersionCheck
{
    /** tbltransientdata name prefix; the rest is a hash of the URL, so a new URL is fetched anew. */
    public const CACHE_PREFIX = 'ispapi.versioncheck.';

    public function __construct(private readonly Core $core)
    {
    }

    /**
     * @param array<string, mixed> $settings the registrar's settings (may be empty)
     * @return array{installed: string, latest: ?string, newer: bool, url: ?string, note: ?string}
     */
    public function run(array $settings): array
    {
        $source = $this->core->call('version_source', ['params' => (object) $settings]);
        if (!\is_string($source['url'] ?? null)) {
            // Switched off, or the placeholder: the version only, nothing to log.
            return ['note' => null] + $this->core->call('version_check', ['manifest' => null]);
        }
        $key = self::CACHE_PREFIX . sha1($source['url']);
        $cached = Capsule::table('tbltransientdata')->where('name', $key)->where('expires', '>', time())->value('data');
        $entry = \is_string($cached) ? json_decode($cached, true) : null;
        $fetched = false;
        if (\is_array($entry) && \array_key_exists('manifest', $entry)) {
            $manifest = $entry['manifest'];
        } else {
            $manifest = self::fetch($source);
            $fetched = true;
            $keep = $manifest === null ? (int) $source['retry_seconds'] : (int) $source['cache_seconds'];
            Capsule::table('tbltransientdata')->where('name', $key)->delete();
            Capsule::table('tbltransientdata')->insert([
                'name' => $key,
                'data' => json_encode(['manifest' => $manifest], JSON_INVALID_UTF8_SUBSTITUTE),
                'expires' => time() + $keep,
            ]);
        }
        $check = $this->core->call('version_check', ['manifest' => \is_string($manifest) ? $manifest : null]);
        // Once per fetch (not per dashboard load): why no newer release can be shown.
        if ($fetched && $check['note'] !== null && \function_exists('logModuleCall')) {
            \logModuleCall(Registrar::MODULE, 'version check', $source['url'], (string) $check['note']);
        }
        return $check;
    }

    /**
     * The manifest's body, or null when the URL does not answer 200 within the limits.
     *
     * @param array<string, mixed> $source
     */
    private static function fetch(array $source): ?string
    {
        if (!\function_exists('curl_init')) {
            return null;
        }
        $limit = (int) $source['max_bytes'];
        $body = '';
        $curl = curl_init();
        curl_setopt_array($curl, [
            CURLOPT_URL => (string) $source['url'],
            CURLOPT_HTTPGET => true,
            CURLOPT_HTTPHEADER => ['Accept: application/json'],
            // Returning fewer bytes than given makes curl stop: a body past the limit is dropped.
            CURLOPT_WRITEFUNCTION => static function ($curl, string $chunk) use (&$body, $limit): int {
                if (\strlen($body) + \strlen($chunk) > $limit) {
                    return 0;
                }
                $body .= $chunk;
                return \strlen($chunk);
            },
            CURLOPT_CONNECTTIMEOUT_MS => (int) $source['connect_timeout_ms'],
            CURLOPT_TIMEOUT_MS => (int) $source['timeout_ms'],
            CURLOPT_NOSIGNAL => true,
            CURLOPT_PROTOCOLS => CURLPROTO_HTTPS | CURLPROTO_HTTP,
            // GitHub's releases/latest/download/… answers with a redirect to the file.
            CURLOPT_FOLLOWLOCATION => true,
            CURLOPT_MAXREDIRS => 3,
            CURLOPT_REDIR_PROTOCOLS => CURLPROTO_HTTPS | CURLPROTO_HTTP,
            CURLOPT_SSL_VERIFYPEER => true,
            CURLOPT_SSL_VERIFYHOST => 2,
            // GitHub's API refuses requests without a User-Agent.
            CURLOPT_USERAGENT => 'ispapi-whmcs/' . Core::VERSION,
        ]);
        $ok = curl_exec($curl);
        $status = (int) curl_getinfo($curl, CURLINFO_RESPONSE_CODE);
        curl_close($curl);
        return $ok === true && $status === 200 ? $body : null;
    }
}
