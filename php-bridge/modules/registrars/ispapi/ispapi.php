<?php

/**
 * ISPAPI / CentralNic Reseller registrar module for WHMCS.
 *
 * Each function hands WHMCS's $params to the core (Rust compiled to WebAssembly, run by the
 * ispapi_core PHP extension), which decides every API command and the result; see
 * IspapiCore\Registrar. Installed as modules/registrars/ispapi/ with lib/ and ispapi_core.wasm.
 */

declare(strict_types=1);

if (!defined('WHMCS')) {
    die('This file cannot be accessed directly');
}

require_once __DIR__ . '/lib/autoload.php';

use IspapiCore\ClientArea;
use IspapiCore\Registrar;
use IspapiCore\SyncSnapshot;
use IspapiCore\ZoneInfoCache;

function ispapi_MetaData(): array
{
    return ['DisplayName' => 'ISPAPI / CentralNic Reseller', 'APIVersion' => '1.1'];
}

function ispapi_getConfigArray(array $params = []): array
{
    return Registrar::config($params);
}

/** Called by WHMCS when the admin saves the settings. */
function ispapi_config_validate(array $params): void
{
    Registrar::validate($params);
}

/**
 * The TLD's additional domain fields for the cart (and the admin's domain page), from the
 * core's data: WHMCS asks the TLD's registrar module for them and hides its own fields that
 * come back with `Remove` (the original ISPAPI module's mechanism since its v6).
 *
 * @return array{fields?: list<array<string, mixed>>}
 */
function ispapi_AdditionalDomainFields(array $params): array
{
    return \IspapiCore\DomainFields::forCart($params);
}

function ispapi_RegisterDomain(array $params): array
{
    return Registrar::run('RegisterDomain', \IspapiCore\Lang::withReader(Registrar::withDomainNotes(Registrar::withCurrencies($params))));
}

function ispapi_TransferDomain(array $params): array
{
    return Registrar::run('TransferDomain', \IspapiCore\Lang::withReader($params));
}

function ispapi_RenewDomain(array $params): array
{
    return Registrar::run('RenewDomain', \IspapiCore\Lang::withReader($params));
}

function ispapi_GetNameservers(array $params): array
{
    return Registrar::run('GetNameservers', $params);
}

function ispapi_SaveNameservers(array $params): array
{
    return Registrar::run('SaveNameservers', \IspapiCore\Lang::withReader($params));
}

/** @return string|array 'locked', 'unlocked', or ['error' => …] */
function ispapi_GetRegistrarLock(array $params)
{
    return Registrar::run('GetRegistrarLock', $params);
}

function ispapi_SaveRegistrarLock(array $params): array
{
    return Registrar::run('SaveRegistrarLock', $params);
}

function ispapi_GetEPPCode(array $params): array
{
    return Registrar::run('GetEPPCode', \IspapiCore\Lang::withReader($params));
}

function ispapi_Sync(array $params): array
{
    return Registrar::run('Sync', SyncSnapshot::forSync($params));
}

function ispapi_TransferSync(array $params): array
{
    return Registrar::run('TransferSync', Registrar::withTransferRecords($params));
}

function ispapi_GetContactDetails(array $params): array
{
    return Registrar::run('GetContactDetails', $params);
}

function ispapi_SaveContactDetails(array $params): array
{
    return Registrar::run('SaveContactDetails', \IspapiCore\Lang::withReader($params));
}

function ispapi_RegisterNameserver(array $params): array
{
    return Registrar::run('RegisterNameserver', \IspapiCore\Lang::withReader($params));
}

function ispapi_ModifyNameserver(array $params): array
{
    return Registrar::run('ModifyNameserver', \IspapiCore\Lang::withReader($params));
}

function ispapi_DeleteNameserver(array $params): array
{
    return Registrar::run('DeleteNameserver', \IspapiCore\Lang::withReader($params));
}

function ispapi_IDProtectToggle(array $params): array
{
    return Registrar::run('IDProtectToggle', $params);
}

function ispapi_RequestDelete(array $params): array
{
    return Registrar::run('RequestDelete', $params);
}

function ispapi_ReleaseDomain(array $params): array
{
    return Registrar::run('ReleaseDomain', \IspapiCore\Lang::withReader($params));
}

function ispapi_CancelTransfer(array $params): array
{
    return Registrar::run('CancelTransfer', ['lang' => \IspapiCore\Lang::forAdmin()] + $params);
}

/** Sends the approval e-mail of a pending transfer again (an admin button). */
function ispapi_ResendTransferApproval(array $params): array
{
    return Registrar::run('ResendTransferApproval', ['lang' => \IspapiCore\Lang::forAdmin()] + $params);
}

/** Puts the domain on hold at the registry (clientHold: it stops resolving); an admin button. */
function ispapi_SuspendDomain(array $params): array
{
    return Registrar::run('SuspendDomain', ['lang' => \IspapiCore\Lang::forAdmin()] + $params);
}

/** Lifts the hold, e.g. after a late renewal ("Suspend after expiry"); an admin button. */
function ispapi_UnsuspendDomain(array $params): array
{
    return Registrar::run('UnsuspendDomain', ['lang' => \IspapiCore\Lang::forAdmin()] + $params);
}

/** @return array<string, string> the admin's buttons: label => function; transfer ones while pending, Suspend/Unsuspend at the registry */
function ispapi_AdminCustomButtonArray(array $params): array
{
    return Registrar::run('AdminCustomButtonArray', ['lang' => \IspapiCore\Lang::forAdmin()] + Registrar::withDomainStatus($params));
}

/** @return array<string, string> rows on the admin's domain page: transfer status and log, trade costs */
function ispapi_AdminDomainsTabFields(array $params): array
{
    return Registrar::adminDomainFields($params);
}

/**
 * @return \WHMCS\Domain\Registrar\Domain the domain's information
 * @throws \Exception with the error text: WHMCS expects a throw here, not ['error' => …]
 *         (developer docs, domain-registrars/domain-information.md), and shows its message
 */
function ispapi_GetDomainInformation(array $params): \WHMCS\Domain\Registrar\Domain
{
    $info = Registrar::run('GetDomainInformation', $params);
    if (!$info instanceof \WHMCS\Domain\Registrar\Domain) {
        throw new \Exception(\is_array($info) ? (string) ($info['error'] ?? 'ispapi: no domain information') : 'ispapi: no domain information');
    }
    return $info;
}

/** Sends the pending registrant verification (or trade confirmation) e-mail again (transfer-policy-management.md). */
function ispapi_ResendIRTPVerificationEmail(array $params): array
{
    return Registrar::run('ResendIRTPVerificationEmail', \IspapiCore\Lang::withReader($params));
}

/** @return array the DNS editor's rows (hostname, type, address, priority, recid), or ['error' => …] */
function ispapi_GetDNS(array $params): array
{
    return Registrar::run('GetDNS', $params);
}

function ispapi_SaveDNS(array $params): array
{
    return Registrar::run('SaveDNS', $params);
}

/** @return array the forwardings (prefix, forwardto), or ['error' => …] */
function ispapi_GetEmailForwarding(array $params): array
{
    return Registrar::run('GetEmailForwarding', $params);
}

function ispapi_SaveEmailForwarding(array $params): array
{
    return Registrar::run('SaveEmailForwarding', $params);
}

/** @return array<string, string> the domain page's extra buttons: label => function below */
function ispapi_ClientAreaCustomButtonArray(array $params): array
{
    return Registrar::run('ClientAreaCustomButtonArray', \IspapiCore\Lang::withClient($params));
}

/** DNSSEC: the domain's DS and DNSKEY records and signature lifetime. */
function ispapi_dnssec(array $params): array
{
    return ClientArea::page('ClientAreaDnssec', $params);
}

/** The registry's own WHOIS privacy for individuals (.ca, .se, .nz). */
function ispapi_whoisprivacy(array $params): array
{
    return ClientArea::page('ClientAreaWhoisPrivacy', $params);
}

function ispapi_whoisoutput(array $params): array
{
    return ClientArea::page('ClientAreaWhoisOutput', $params);
}

/** Who the ICANN expiration reminders (ERRP) of the domain come from. */
function ispapi_errp(array $params): array
{
    return ClientArea::page('ClientAreaErrp', $params);
}

/** Web apps (Google Workspace): connect or disconnect their DNS records in the domain's zone. */
function ispapi_webapps(array $params): array
{
    return ClientArea::page('ClientAreaWebApps', $params);
}

/** @return \WHMCS\Results\ResultsList|array ImportItems with the cost prices, or ['error' => …] */
function ispapi_GetTldPricing(array $params)
{
    // On CNR the core reads the zones' rules a few dozen per run (ZoneInfoCache).
    return ZoneInfoCache::run('GetTldPricing', Registrar::withCurrencies($params));
}

/** @return \WHMCS\Domains\DomainLookup\ResultsList|array */
function ispapi_CheckAvailability(array $params)
{
    return Registrar::run('CheckAvailability', Registrar::withCurrencies($params));
}

/** @return \WHMCS\Domains\DomainLookup\ResultsList|array */
function ispapi_GetDomainSuggestions(array $params)
{
    return Registrar::run('GetDomainSuggestions', Registrar::withCurrencies($params));
}

function ispapi_GetPremiumPrice(array $params): array
{
    return Registrar::run('GetPremiumPrice', Registrar::withCurrencies($params));
}

function ispapi_DomainSuggestionOptions(array $params = []): array
{
    return Registrar::run('DomainSuggestionOptions', $params);
}
