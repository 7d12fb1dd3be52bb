<?php

declare(strict_types=1);

namespace Harness;

/**
 * Calls module functions the way WHMCS does: the module's file is included once, then
 * <module>_<Function>($params) is called. What the module returns is handed back unchanged, and
 * so is any exception it throws (WHMCS shows both to the admin).
 */
final class Whmcs
{
    /** @param array<string, mixed> $params usually from Params::forDomain() */
    public static function callRegistrar(string $function, array $params, ?string $registrar = null): mixed
    {
        $registrar ??= (string) ($params['registrar'] ?? '');
        if ($registrar === '') {
            throw new \InvalidArgumentException('No registrar given and $params has no "registrar"');
        }
        Modules::loadRegistrar($registrar);
        $callable = $registrar . '_' . $function;
        if (!function_exists($callable)) {
            throw new \BadFunctionCallException("Registrar module $registrar does not define $callable()");
        }
        return $callable($params);
    }

    public static function registrarSupports(string $registrar, string $function): bool
    {
        Modules::loadRegistrar($registrar);
        return function_exists($registrar . '_' . $function);
    }

    /** @return array<string, mixed> the module's MetaData(), or [] when it defines none */
    public static function registrarMetaData(string $registrar): array
    {
        if (!self::registrarSupports($registrar, 'MetaData')) {
            return [];
        }
        return (array) self::callRegistrar('MetaData', [], $registrar);
    }
}
