<?php

declare(strict_types=1);

// phpcs:disable PSR1.Classes.ClassDeclaration.MissingNamespace

/**
 * WHMCS's global App facade, for the calls modules make: App::getFromRequest() reads the request
 * ("" when the key is absent); App::getSystemURL() is the SystemURL setting. Anything else
 * throws, so a module that needs more is noticed.
 */
final class App
{
    public static function getFromRequest(string ...$keys): mixed
    {
        $value = $_REQUEST;
        foreach ($keys as $key) {
            if (!is_array($value) || !array_key_exists($key, $value)) {
                return '';
            }
            $value = $value[$key];
        }
        return $value;
    }

    public static function getSystemURL(): string
    {
        return (string) WHMCS\Config\Setting::getValue('SystemURL');
    }

    /** @param array<mixed> $arguments */
    public static function __callStatic(string $name, array $arguments): never
    {
        throw Harness\NotModelled::because("App::$name()");
    }
}
