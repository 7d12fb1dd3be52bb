<?php

/**
 * ISPAPI registrar hooks.
 *
 * DailyCronJob: the scheduled TLD price sync that WHMCS's own Registrar TLD Sync lacks. It is
 * off until the admin picks "Report only" or "Update prices" in the registrar setting "TLD
 * price sync"; the core decides (IspapiCore\PricingSync, SyncTldPricing).
 * DailyCronJob also follows up registrations made as applications (.swiss, aftermarket): each
 * pending domain whose notes carry an application id becomes Active or Cancelled once the
 * registry has decided (IspapiCore\Applications, FollowApplication).
 *
 * ClientAreaPrimarySidebar, ClientAreaFooterOutput: see IspapiCore\ClientArea.
 *
 * An admin's own hook logic in WHMCS's resources/hooks_ispapi_custom.php is loaded with these
 * (the original module's place for it since v16.10.0), so it survives module upgrades.
 */

declare(strict_types=1);

if (!defined('WHMCS')) {
    die('This file cannot be accessed directly');
}

require_once __DIR__ . '/lib/autoload.php';

// WHMCS defines ROOTDIR in init.php; three folders up is the same root for a copied module.
$ispapiCustomHooks = (\defined('ROOTDIR') ? ROOTDIR : \dirname(__DIR__, 3)) . '/resources/hooks_ispapi_custom.php';
if (is_file($ispapiCustomHooks)) {
    require_once $ispapiCustomHooks;
}
unset($ispapiCustomHooks);

add_hook('DailyCronJob', 20, static function (array $vars): void {
    \IspapiCore\Applications::run();
});

// The registrar-lock entry of a domain's menu goes where the registry has no lock, and the
// "Private Nameservers" page lists the domain's registered nameservers (IspapiCore\ClientArea).
add_hook('ClientAreaPrimarySidebar', 10, static function ($sidebar): void {
    \IspapiCore\ClientArea::hideLockMenu($sidebar);
});
add_hook('ClientAreaFooterOutput', 10, static function (array $vars): ?string {
    return \IspapiCore\ClientArea::privateNameservers($vars);
});

add_hook('DailyCronJob', 10, static function (array $vars): void {
    \IspapiCore\PricingSync::run();
});

// WHMCS keeps the cart in the session (its keys as the original module's hooks.php read them).
add_hook('ShoppingCartValidateCheckout', 10, static function (array $vars): array {
    return \IspapiCore\CheckoutCheck::run((array) ($_SESSION['cart']['domains'] ?? []));
});
