<?php

/**
 * Imports the domains of the API account into WHMCS: each domain not in WHMCS yet becomes an
 * active domain of this registrar (dates, ID protection and the TLD's renewal price taken
 * over), owned by the client whose e-mail address is the registrant's, or by a new client made
 * from the registrant contact. Run from the WHMCS root:
 *
 *     php modules/registrars/ispapi/import.php                # dry run: says what it would do
 *     php modules/registrars/ispapi/import.php --apply        # does it
 *     php modules/registrars/ispapi/import.php --apply --batch=500
 *
 * Each page of domains is saved with the position reached, so a run that is stopped continues
 * there when started again, and domains already in WHMCS are skipped.
 */

declare(strict_types=1);

if (PHP_SAPI !== 'cli') {
    exit("Run this from the command line.\n");
}
require_once getcwd() . '/init.php';
require_once __DIR__ . '/lib/autoload.php';

$apply = in_array('--apply', $argv, true);
$batch = 250;
foreach ($argv as $arg) {
    if (preg_match('/^--batch=(\d+)$/', $arg, $m)) {
        $batch = max(1, min(1000, (int) $m[1]));
    }
}

$started = microtime(true);
try {
    if (!$apply) {
        echo "Dry run: nothing is changed. Run again with --apply to import.\n";
    }
    $summary = IspapiCore\DomainImport::run($apply, $batch, static function (string $line): void {
        echo $line, "\n";
    });
    printf(
        "%s %d domain(s), %d new client(s); %d skipped (already in WHMCS); %d failed.\n",
        $apply ? 'Imported' : 'Would import',
        $summary['imported'],
        $summary['clients'],
        $summary['skipped'],
        count($summary['failed'])
    );
    foreach ($summary['failed'] as $failure) {
        echo "  failed: $failure\n";
    }
    printf("Took %.1f s, peak memory %.1f MB.\n", microtime(true) - $started, memory_get_peak_usage(true) / 1048576);
    if ($apply) {
        logActivity(sprintf(
            'ispapi: domain import: %d imported, %d client(s) created, %d skipped, %d failed',
            $summary['imported'],
            $summary['clients'],
            $summary['skipped'],
            count($summary['failed'])
        ));
    }
    exit($summary['failed'] === [] ? 0 : 2);
} catch (\Throwable $e) {
    fwrite(STDERR, 'ispapi: domain import stopped: ' . $e->getMessage()
        . "\nThe pages imported so far are kept; run the same command again to continue.\n");
    exit(1);
}
