<?php

declare(strict_types=1);

namespace IspapiCore;

use WHMCS\Database\Capsule;

/**
 * The TLDs' additional domain fields for WHMCS's cart, from the core's data (fields_definitions,
 * fields_lang); nothing about a TLD is decided here. This class only reads what the core needs:
 * the logged-in client's row and custom fields, the page's language and the admin's
 * `ispapi_…` language strings.
 */
final class DomainFields
{
    /**
     * ispapi_AdditionalDomainFields(): ['fields' => [...]] in `$additionaldomainfields` shape,
     * with `Remove` entries for WHMCS's own fields of the TLD that the data replaces.
     *
     * WHMCS passes `tld` (no dot), `type` (register or transfer) and `fields` (its own fields
     * for the TLD), as the original ISPAPI module read them.
     *
     * @param array<string, mixed> $params
     * @return array{fields?: list<array<string, mixed>>}
     */
    public static function forCart(array $params, ?Core $core = null): array
    {
        $tld = ltrim((string) ($params['tld'] ?? ''), '.');
        if ($tld === '') {
            return [];
        }
        $type = strtolower((string) ($params['type'] ?? 'register'));
        $existing = [];
        foreach ((array) ($params['fields'] ?? []) as $field) {
            if (\is_array($field) && isset($field['Name']) && \is_string($field['Name'])) {
                $existing[] = $field['Name'];
            }
        }
        $client = self::client();
        $args = [
            'tld' => $tld,
            'action' => \in_array($type, ['transfer', 'trade'], true) ? $type : 'register',
            'language' => Lang::clientLanguage($client === null ? '' : (string) $client['language']),
            'existing' => $existing,
            'translations' => (object) Lang::loadedOverrides(),
        ];
        if ($client !== null) {
            $args['client'] = (object) $client;
        }
        try {
            $out = ($core ?? Core::shared())->call('fields_definitions', $args);
        } catch (\Throwable $e) {
            // WHMCS then shows its own fields; RegisterDomain names what is missing.
            if (\function_exists('logActivity')) {
                \logActivity('ispapi: additional domain fields for .' . $tld . ' failed: ' . Registrar::withoutServerDetails($e->getMessage()));
            }
            return [];
        }
        return ['fields' => array_values((array) ($out['fields'] ?? []))];
    }

    /**
     * The field texts of one language (WHMCS's name: english, german, french, arabic) added to
     * `$lang`; a key already there (the admin's own text) is kept.
     *
     * @param array<string, mixed> $lang
     * @return array<string, mixed>
     */
    public static function withTexts(string $language, array $lang, ?Core $core = null): array
    {
        try {
            $out = ($core ?? Core::shared())->call('fields_lang', ['language' => $language]);
        } catch (\Throwable $e) {
            return $lang;
        }
        foreach ((array) ($out['entries'] ?? []) as $key => $text) {
            if (!\array_key_exists($key, $lang)) {
                $lang[$key] = $text;
            }
        }
        return $lang;
    }

    /**
     * The logged-in client (WHMCS keeps its id in `$_SESSION['uid']`): tblclients' columns the
     * core reads, and the client's custom fields by name (tblcustomfields/tblcustomfieldsvalues).
     *
     * @return array<string, mixed>|null
     */
    private static function client(): ?array
    {
        $uid = (int) ($_SESSION['uid'] ?? 0);
        if ($uid <= 0) {
            return null;
        }
        try {
            $row = Capsule::table('tblclients')->where('id', $uid)->first();
        } catch (\Throwable $e) {
            return null;
        }
        if ($row === null) {
            return null;
        }
        try {
            $custom = Capsule::table('tblcustomfields')
                ->join('tblcustomfieldsvalues', 'tblcustomfieldsvalues.fieldid', '=', 'tblcustomfields.id')
                ->where('tblcustomfields.type', 'client')
                ->where('tblcustomfieldsvalues.relid', $uid)
                ->pluck('tblcustomfieldsvalues.value', 'tblcustomfields.fieldname')->all();
        } catch (\Throwable $e) {
            $custom = [];
        }
        return [
            'companyname' => (string) $row->companyname,
            'countrycode' => (string) $row->country,
            'tax_id' => (string) ($row->tax_id ?? ''),
            'language' => (string) ($row->language ?? ''),
            'customfields' => (object) array_map('strval', $custom),
        ];
    }
}
