<?php

/**
 * Sends one command with ApiClient to URL (argv[1]) and prints what came back as JSON: the
 * response, how many times the client slept before another attempt, and this process's
 * peak memory. Run in a process of its own with a small memory_limit: a reply larger than the
 * limit must come back as a failure response, not end PHP with "Allowed memory size exhausted".
 *
 *     php -d memory_limit=64M huge_reply_client.php URL COMMAND
 */

declare(strict_types=1);

require_once __DIR__ . '/../../lib/autoload.php';

$sleeps = [];
$client = new IspapiCore\ApiClient(
    ['api' => 'ispapi', 'environment' => 'ote', 'login' => 'reseller', 'password' => 'Pa55-word!', 'url' => $argv[1]],
    [
        'timeout' => 60,
        'sleeper' => function (int $ms) use (&$sleeps): void {
            $sleeps[] = $ms;
        },
    ]
);
$response = $client->request(['COMMAND' => $argv[2] ?? 'QueryDomainList']);
echo json_encode([
    'code' => $response['code'],
    'success' => $response['success'],
    'description' => $response['description'],
    'rows' => \count($response['properties']['DOMAIN'] ?? []),
    'sleeps' => $sleeps,
    'peak' => memory_get_peak_usage(true),
]), "\n";
