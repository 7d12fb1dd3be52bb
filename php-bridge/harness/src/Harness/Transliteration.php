<?php

declare(strict_types=1);

namespace Harness;

/**
 * WHMCS's transliteration of a registrar function's $params: every string, at every depth,
 * loses its accents ("Jørgen Ågard" → "Jorgen Agard", the IDN label "müller" → "muller");
 * letters without a Latin base (Cyrillic, Greek, CJK) stay; objects are dropped. The untouched
 * values stay under $params['original'] (developer-docs extending-further.md reads
 * `$params['original']['domainObj']`), which is why registrar modules, the original ISPAPI
 * module among them, read `original`.
 *
 * Source: the developer docs do not describe the rule (unverified). What is modelled is what
 * public registrar modules rely on: the accented Latin letters HTML names as a base letter plus
 * grave, acute, circ, cedil, uml, lig, tilde, ring, slash, zlig, elig, quest or caron become that
 * base (Æ → AE, ß → sz, ø → o), Turkish ğ ı ş (and capitals) their base letters, and an admin's
 * own `hook_transliterate($string)` function, when defined, replaces the rule.
 */
final class Transliteration
{
    /**
     * @param array<string, mixed> $params
     * @return array<string, mixed>
     */
    public static function params(array $params): array
    {
        $clean = [];
        foreach ($params as $key => $value) {
            if (\is_array($value)) {
                $clean[$key] = self::params($value);
            } elseif (!\is_object($value)) {
                $clean[$key] = \is_string($value) ? self::text($value) : $value;
            }
        }
        return $clean;
    }

    public static function text(string $text): string
    {
        if (\function_exists('hook_transliterate')) {
            return (string) \hook_transliterate($text);
        }
        $named = htmlentities($text, ENT_NOQUOTES, 'UTF-8');
        $named = (string) preg_replace(
            '/&([A-Za-z]{1,2})(grave|acute|circ|cedil|uml|lig|tilde|ring|slash|zlig|elig|quest|caron);/',
            '$1',
            $named
        );
        $text = html_entity_decode($named, ENT_NOQUOTES, 'UTF-8');
        return strtr($text, ['ğ' => 'g', 'Ğ' => 'G', 'ı' => 'i', 'İ' => 'I', 'ş' => 's', 'Ş' => 'S']);
    }
}
