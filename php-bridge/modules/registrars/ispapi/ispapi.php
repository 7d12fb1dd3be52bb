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

use IspapiCore\Registrar;

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

function ispapi_RegisterDomain(array $params): array
{
    return Registrar::run('RegisterDomain', $params);
}

function ispapi_TransferDomain(array $params): array
{
    return Registrar::run('TransferDomain', $params);
}

function ispapi_RenewDomain(array $params): array
{
    return Registrar::run('RenewDomain', $params);
}

function ispapi_GetNameservers(array $params): array
{
    return Registrar::run('GetNameservers', $params);
}

function ispapi_SaveNameservers(array $params): array
{
    return Registrar::run('SaveNameservers', $params);
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
    return Registrar::run('GetEPPCode', $params);
}

function ispapi_Sync(array $params): array
{
    return Registrar::run('Sync', $params);
}

function ispapi_TransferSync(array $params): array
{
    return Registrar::run('TransferSync', $params);
}

function ispapi_GetContactDetails(array $params): array
{
    return Registrar::run('GetContactDetails', $params);
}

function ispapi_SaveContactDetails(array $params): array
{
    return Registrar::run('SaveContactDetails', $params);
}

function ispapi_RegisterNameserver(array $params): array
{
    return Registrar::run('RegisterNameserver', $params);
}

function ispapi_ModifyNameserver(array $params): array
{
    return Registrar::run('ModifyNameserver', $params);
}

function ispapi_DeleteNameserver(array $params): array
{
    return Registrar::run('DeleteNameserver', $params);
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
    return Registrar::run('ReleaseDomain', $params);
}

function ispapi_CancelTransfer(array $params): array
{
    return Registrar::run('CancelTransfer', $params);
}

function ispapi_AdminCustomButtonArray(array $params): array
{
    return Registrar::run('AdminCustomButtonArray', $params);
}

/** @return \WHMCS\Domain\Registrar\Domain|array the domain's information, or ['error' => …] */
function ispapi_GetDomainInformation(array $params)
{
    return Registrar::run('GetDomainInformation', $params);
}
