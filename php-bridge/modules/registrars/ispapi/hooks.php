<?php

/**
 * ISPAPI registrar hooks.
 *
 * DailyCronJob: the scheduled TLD price sync that WHMCS's own Registrar TLD Sync lacks. It is
 * off until the admin picks "Report only" or "Update prices" in the registrar setting "TLD
 * price sync"; the core decides (IspapiCore\PricingSync, SyncTldPricing).
 */

declare(strict_types=1);

if (!defined('WHMCS')) {
    die('This file cannot be accessed directly');
}

require_once __DIR__ . '/lib/autoload.php';

add_hook('DailyCronJob', 10, static function (array $vars): void {
    \IspapiCore\PricingSync::run();
});
