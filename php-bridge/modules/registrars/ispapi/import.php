<?php

/**
 * Imports the domains of the API account into WHMCS: each domain not in WHMCS yet becomes an
 * active domain of this registrar (dates, ID protection and the TLD's renewal price taken
 * over), owned by a new client made from the registrant contact. $usage says the options.
 *
 * A registrant's e-mail address is public in WHOIS and a client's is not verified, so a client
 * who has the registrant's address gets the domain (and its auth code) only when the admin
 * confirmed that client with --match-clients; the dry run lists each domain with its client.
 *
 * Each page of domains is saved with the position reached, so a run that is stopped continues
 * there when started again, and domains already in WHMCS are skipped.
 */

declare(strict_types=1);

if (PHP_SAPI !== 'cli') {
    exit("Run this from the command line.\n");
}

$usage = <<<'TEXT'
    Imports the domains of the ISPAPI account into WHMCS.

      php modules/registrars/ispapi/import.php [--apply] [--batch=N] [--match-clients=all|ID,ID…]
          [--gateway=MODULE] [--currency=CODE] [--whmcs-root=DIR]

    Without --apply it is a dry run: it changes nothing and lists each domain with the client
    it would go to: `domain -> new client "Name <e-mail>"` (made from the registrant contact)
    or `domain -> existing client #ID (e-mail)`.

      --apply               import
      --batch=N             domains per page (1-1000, default 250)
      --match-clients=...   existing clients whose e-mail address is a registrant's may receive
                            that registrant's domains: `all`, or the IDs you checked (12,15).
                            Without it such a domain is not imported, and its line names the
                            client to check ("an existing client #12 has this e-mail").
      --gateway=MODULE      the payment gateway WHMCS invoices the imported domains with (its
                            module name, e.g. banktransfer); default: the first activated one
      --currency=CODE       the currency of the new clients and the renewal prices (e.g. EUR);
                            default: WHMCS's default currency
      --whmcs-root=DIR      WHMCS's folder (where init.php is), when this script is not in its
                            modules/registrars/ispapi/ (e.g. a symlinked module). The current
                            directory is never used.
      --help                this text

    TEXT;

require_once __DIR__ . '/lib/autoload.php';

$apply = false;
$batch = 250;
$match = 'none';
$gateway = null;
$currency = null;
foreach (array_slice($argv, 1) as $arg) {
    if ($arg === '--help' || $arg === '-h') {
        echo $usage;
        exit(0);
    } elseif ($arg === '--apply') {
        $apply = true;
    } elseif (preg_match('/^--batch=(\d+)$/', $arg, $m)) {
        $batch = max(1, min(1000, (int) $m[1]));
    } elseif (preg_match('/^--match-clients=(all|\d+(?:,\d+)*)$/', $arg, $m)) {
        $match = $m[1] === 'all' ? 'all' : array_map('intval', explode(',', $m[1]));
    } elseif (preg_match('/^--gateway=([A-Za-z0-9_]+)$/', $arg, $m)) {
        $gateway = $m[1];
    } elseif (preg_match('/^--currency=([A-Za-z]{3})$/', $arg, $m)) {
        $currency = strtoupper($m[1]);
    } elseif (!str_starts_with($arg, '--whmcs-root=')) {
        fwrite(STDERR, "ispapi: unknown option $arg\n\n" . $usage);
        exit(1);
    }
}

$init = IspapiCore\Cli::whmcsInit($argv, __DIR__);
if ($init === null) {
    exit(1);
}
// At the top level: WHMCS's init.php sets globals that must not end up in a function's scope.
require_once $init;

$started = microtime(true);
try {
    if (!$apply) {
        echo "Dry run: nothing is changed. Run again with --apply to import.\n";
    }
    $summary = IspapiCore\DomainImport::run($apply, $batch, static function (string $line): void {
        echo $line, "\n";
    }, null, $match, $gateway, $currency);
    printf(
        "%s %d domain(s), %d new client(s); %d skipped (already in WHMCS); %d held back (an existing client has"
            . " the registrant's e-mail; see --match-clients); %d failed.\n",
        $apply ? 'Imported' : 'Would import',
        $summary['imported'],
        $summary['clients'],
        $summary['skipped'],
        $summary['held'],
        count($summary['failed'])
    );
    foreach ($summary['failed'] as $failure) {
        echo "  failed: $failure\n";
    }
    printf("Took %.1f s, peak memory %.1f MB.\n", microtime(true) - $started, memory_get_peak_usage(true) / 1048576);
    if ($apply) {
        logActivity(sprintf(
            'ispapi: domain import: %d imported, %d client(s) created, %d skipped, %d held back, %d failed',
            $summary['imported'],
            $summary['clients'],
            $summary['skipped'],
            $summary['held'],
            count($summary['failed'])
        ));
    }
    exit($summary['failed'] === [] ? 0 : 2);
} catch (\Throwable $e) {
    fwrite(STDERR, 'ispapi: domain import stopped: ' . $e->getMessage()
        . "\nThe pages imported so far are kept; run the same command again to continue.\n");
    exit(1);
}
