<?php

declare(strict_types=1);

namespace Harness;

use WHMCS\Domains\DomainLookup\SearchResult;

/**
 * WHMCS's own WHOIS lookup: the server of a TLD from resources/domains/whois.json (the admin's
 * overrides, read first) or dist.whois.json (WHMCS's list), each a JSON list of
 * `{"extensions": ".a,.b", "uri": "socket://whois.nic.a", "available": "NOT FOUND"}`; a domain
 * is free when the server's answer contains the `available` text. WHMCS refuses an override
 * file that is not valid JSON; so does this class.
 *
 * Harness allowance: `socket://host:port` (WHMCS always asks port 43), so that tests can
 * answer on loopback.
 */
final class Whois
{
    public const TIMEOUT_SECONDS = 5;

    /** @return array{uri: string, available: string}|null the server entry for `.tld` */
    public static function server(string $tld): ?array
    {
        $tld = '.' . ltrim(strtolower($tld), '.');
        $dir = Runtime::current()->root . '/resources/domains';
        foreach (['whois.json', 'dist.whois.json'] as $file) {
            if (!is_file("$dir/$file")) {
                continue;
            }
            $entries = json_decode((string) file_get_contents("$dir/$file"), true);
            if (!\is_array($entries)) {
                throw new \RuntimeException("resources/domains/$file is not valid JSON");
            }
            foreach ($entries as $entry) {
                $extensions = array_map('trim', explode(',', strtolower((string) ($entry['extensions'] ?? ''))));
                if (\in_array($tld, $extensions, true)) {
                    return ['uri' => (string) ($entry['uri'] ?? ''), 'available' => (string) ($entry['available'] ?? '')];
                }
            }
        }
        return null;
    }

    /** A SearchResult status for `domain` from its WHOIS server. */
    public static function status(string $domain): string
    {
        $tld = substr($domain, (int) strrpos($domain, '.'));
        $server = self::server($tld);
        if ($server === null || $server['available'] === '' || !str_starts_with($server['uri'], 'socket://')) {
            return SearchResult::STATUS_UNKNOWN;
        }
        $answer = self::query(substr($server['uri'], \strlen('socket://')), $domain);
        if ($answer === null) {
            return SearchResult::STATUS_UNKNOWN;
        }
        return stripos($answer, $server['available']) !== false
            ? SearchResult::STATUS_NOT_REGISTERED
            : SearchResult::STATUS_REGISTERED;
    }

    private static function query(string $host, string $domain): ?string
    {
        $address = str_contains($host, ':') ? $host : "$host:43";
        $socket = @stream_socket_client("tcp://$address", $errno, $error, self::TIMEOUT_SECONDS);
        if ($socket === false) {
            return null;
        }
        stream_set_timeout($socket, self::TIMEOUT_SECONDS);
        fwrite($socket, $domain . "\r\n");
        $answer = stream_get_contents($socket);
        fclose($socket);
        return $answer === false ? null : $answer;
    }
}
