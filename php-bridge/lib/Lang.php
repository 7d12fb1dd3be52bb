<?php

declare(strict_types=1);

namespace IspapiCore;

use WHMCS\Database\Capsule;

/**
 * Which language the module's texts are shown in, and the admin's own texts. The texts and
 * the choice between them are the core's (src/registrar/texts.toml, registrar_texts); this
 * class only reads what WHMCS knows:
 *
 * - a client's page: the session's language, else the client's, else the system default;
 *   the admin's texts are the `ispapi_…` strings WHMCS loaded from lang/overrides/<language>.php
 * - the admin area: the logged-in admin's language (tbladmins.language), else the system
 *   default; the admin's texts are read from the same lang/overrides/<language>.php, where the
 *   seed's README has the admin include the module's language files.
 */
final class Lang
{
    /** Our keys in WHMCS's language strings. */
    public const PREFIX = 'ispapi_';

    /** @var array<string, array{language: string, dir: string, texts: array<string, string>}> */
    private static array $texts = [];

    /**
     * `params.lang` for the core on a client's page (arrays only: Registrar::run passes no
     * objects in $params).
     *
     * @return array{language: string, overrides: array<string, string>}
     */
    public static function forClient(?string $clientLanguage = null): array
    {
        return ['language' => self::clientLanguage($clientLanguage), 'overrides' => self::loadedOverrides()];
    }

    /**
     * `params.lang` for the core in the admin area (the settings page).
     *
     * @return array{language: string, overrides: array<string, string>}
     */
    public static function forAdmin(): array
    {
        $language = self::adminLanguage();
        return ['language' => $language, 'overrides' => self::fileOverrides($language)];
    }

    /** $params with `lang` for a client's page (a flow the client reads). */
    public static function withClient(array $params): array
    {
        return ['lang' => self::forClient()] + $params;
    }

    /**
     * $params with `lang` for a function WHMCS calls from both areas (nameservers, the
     * transfer code): the admin's language on an admin page (WHMCS defines ADMINAREA there),
     * else the client's.
     */
    public static function withReader(array $params): array
    {
        return ['lang' => \defined('ADMINAREA') ? self::forAdmin() : self::forClient()] + $params;
    }

    /**
     * The module's texts in a language, by key without the prefix (never fails: English from
     * the core, or the key itself if the core cannot run).
     *
     * @param array{language: string, overrides: array<string, string>} $lang
     * @return array{language: string, dir: string, texts: array<string, string>}
     */
    public static function texts(array $lang, ?Core $core = null): array
    {
        $cacheKey = $lang['language'] . "\0" . serialize($lang['overrides']);
        if (!isset(self::$texts[$cacheKey])) {
            try {
                $out = ($core ?? Core::shared())->call('registrar_texts', ['language' => $lang['language'], 'overrides' => (object) $lang['overrides']]);
                self::$texts[$cacheKey] = [
                    'language' => (string) $out['language'],
                    'dir' => (string) $out['dir'],
                    'texts' => array_map('strval', (array) $out['texts']),
                ];
            } catch (\Throwable $e) {
                return ['language' => 'en', 'dir' => 'ltr', 'texts' => []];
            }
        }
        return self::$texts[$cacheKey];
    }

    /** One text (the key when it cannot be had). */
    public static function text(array $lang, string $key): string
    {
        return self::texts($lang)['texts'][$key] ?? $key;
    }

    /**
     * The client's page language: the session's choice, else the client's, else the system
     * default (WHMCS's `Language` setting).
     */
    public static function clientLanguage(?string $clientLanguage = null): string
    {
        $session = (string) ($_SESSION['Language'] ?? '');
        if ($session !== '') {
            return $session;
        }
        if ($clientLanguage === null) {
            $clientLanguage = self::loggedInClientLanguage();
        }
        if ($clientLanguage !== '') {
            return $clientLanguage;
        }
        return self::systemLanguage();
    }

    /** The logged-in admin's language (tbladmins.language), else the system default. */
    public static function adminLanguage(): string
    {
        $id = (int) ($_SESSION['adminid'] ?? 0);
        if ($id > 0) {
            try {
                $language = (string) Capsule::table('tbladmins')->where('id', $id)->value('language');
                if ($language !== '') {
                    return $language;
                }
            } catch (\Throwable) {
                // The system default then.
            }
        }
        return self::systemLanguage();
    }

    /**
     * The admin's texts WHMCS loaded for the page (lang/<language>.php, then the overrides),
     * those with our prefix.
     *
     * @return array<string, string>
     */
    public static function loadedOverrides(): array
    {
        $texts = [];
        foreach ((array) ($GLOBALS['_LANG'] ?? []) as $key => $text) {
            if (\is_string($key) && str_starts_with($key, self::PREFIX) && \is_string($text)) {
                $texts[$key] = $text;
            }
        }
        return $texts;
    }

    /**
     * Our keys from lang/overrides/<language>.php, read the way WHMCS reads the file (included
     * inside a function, `$_LANG` its local variable); none if the file is missing or fails.
     *
     * @return array<string, string>
     */
    public static function fileOverrides(string $language): array
    {
        if (!\defined('ROOTDIR') || !preg_match('/^[a-z][a-z_-]*$/', $language)) {
            return [];
        }
        $file = ROOTDIR . '/lang/overrides/' . $language . '.php';
        if (!is_file($file)) {
            return [];
        }
        try {
            $strings = (static function (string $file): array {
                $_LANG = [];
                include $file;
                return \is_array($_LANG) ? $_LANG : [];
            })($file);
        } catch (\Throwable) {
            return [];
        }
        $texts = [];
        foreach ($strings as $key => $text) {
            if (\is_string($key) && str_starts_with($key, self::PREFIX) && \is_string($text)) {
                $texts[$key] = $text;
            }
        }
        return $texts;
    }

    private static function loggedInClientLanguage(): string
    {
        $uid = (int) ($_SESSION['uid'] ?? 0);
        if ($uid <= 0) {
            return '';
        }
        try {
            return (string) Capsule::table('tblclients')->where('id', $uid)->value('language');
        } catch (\Throwable) {
            return '';
        }
    }

    private static function systemLanguage(): string
    {
        try {
            return class_exists(\WHMCS\Config\Setting::class) ? (string) \WHMCS\Config\Setting::getValue('Language') : '';
        } catch (\Throwable) {
            return '';
        }
    }
}
