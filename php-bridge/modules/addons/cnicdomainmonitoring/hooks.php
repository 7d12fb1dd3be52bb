<?php

/**
 * CNIC Domain Monitoring's hooks (WHMCS loads them while the addon is active): after a failed
 * renewal or transfer, check whether a premium price is the reason.
 */

declare(strict_types=1);

// phpcs:disable PSR1.Files.SideEffects

use WHMCS\Module\Addon\Cnicdomainmonitoring\Cases;

if (!defined('WHMCS')) {
    die('This file cannot be accessed directly');
}

require_once __DIR__ . '/../../registrars/ispapi/lib/autoload.php';
require_once __DIR__ . '/lib/Cases.php';

add_hook('AfterRegistrarRenewalFailed', 1, static function (array $vars): void {
    Cases::afterFailure('renewal', $vars);
});

add_hook('AfterRegistrarTransferFailed', 1, static function (array $vars): void {
    Cases::afterFailure('transfer', $vars);
});
