<?php

declare(strict_types=1);

namespace Harness;

use WHMCS\Config\Setting;
use WHMCS\Database\Capsule;

/**
 * The shopping cart's domain steps, as far as additional domain fields go: the "Domains
 * Configuration" step shows the TLD's fields, refuses a submission that misses a required one,
 * and the order saves the values to tbldomainsadditionalfields, from where RegisterDomain and
 * TransferDomain get `$params['additionalfields']` (Params::forDomain).
 *
 * Sources, rule by rule:
 * - Field definitions: docs.whmcs.com "Custom Domain Fields" (WHMCS 9.0; "Additional Domain
 *   Fields" before): WHMCS's own in resources/domains/dist.additionalfields.php, the admin's in
 *   resources/domains/additionalfields.php (read after it; an entry with the Name of an existing
 *   field changes only the keys it gives), `$additionaldomainfields['.tld'][] = [...]`,
 *   `Options` as a comma list of `value|Display name`, and `"Remove" => true` hides a field.
 * - The registrar's own fields: `<module>_AdditionalDomainFields($params)` returning
 *   `['fields' => [...]]`, asked of the TLD's auto-registration registrar
 *   (tbldomainpricing.autoreg) with `tld`, `type` and `fields` (WHMCS's fields for the TLD).
 *   WHMCS/developer-docs has no page for this function (unverified there): the shape is the
 *   one WHMCS's own godaddy and transip modules and the original ISPAPI module (v6+,
 *   hexonet/whmcs-ispapi-registrar, AdditionalFields::getAdditionalDomainFields/transform) use;
 *   that only the TLD's registrar is asked is CentralNic's statement in
 *   centralnicgroup-opensource/rtldev-middleware-whmcs#270. Merging its entries like the
 *   admin's (by Name; Remove hides) is the harness's choice (unverified). `type` is the
 *   order's (register or transfer); openprovider/Openprovider-WHMCS-domains#363 reports that
 *   WHMCS 8 passes "register" for transfers too (unverified; the module answers either).
 * - The label: `$_LANG[LangVar]` when the language strings have it, else DisplayName, else
 *   Name (docs.whmcs.com "Custom Domain Fields": LangVar, DisplayName; which wins when both
 *   exist is not documented: unverified). Language strings: lang/<language>.php, then
 *   lang/overrides/<language>.php (WHMCS/developer-docs languages/overrides.md), each included inside
 *   a function, so `$_LANG` is a local variable there.
 * - Required: "If a field is required, customers will be required to provide the requested
 *   information before moving to the next step" (docs.whmcs.com Additional Domain Fields,
 *   2016 revision); a tickbox counts when ticked. `Required` as `['Other field' => [values]]`
 *   (required when the other field has one of them) is WHMCS 7.9+ according to the original
 *   ISPAPI module (transform(): conditional requirements need 7.9); the docs do not describe
 *   it (unverified). The refusal's wording is the harness's own. Options are not checked
 *   against the list (the docs do not say WHMCS does: unverified).
 * - The hook ShoppingCartValidateDomainsConfig (hooks-reference/shopping-cart.md) runs on the
 *   submission; a string or a list of strings it returns is shown as errors.
 * - Saved values: the part before `|` of a chosen option ("Display Names": the value is what is
 *   saved), a ticked tickbox as "on" (unverified: WHMCS's checkbox value). Display fields
 *   are not saved.
 * - Checkout: the hook ShoppingCartValidateCheckout (hooks-reference/shopping-cart.md) runs
 *   "during checkout completion, which occurs before order and invoice creation", with the
 *   checkout form's variables (a = checkout, submit, paymentmethod, custtype, clientId …); a
 *   string or a list of strings it returns is shown as errors and no order is created. The
 *   hook gets no cart: WHMCS keeps it in $_SESSION['cart']['domains'], entries with `type`
 *   (register | transfer), `domain` and `eppcode` as the original ISPAPI module's hooks.php
 *   (v5.1.12, hexonet/whmcs-ispapi-registrar) read them; the developer docs do not describe
 *   the session cart (unverified there), and its other keys are left out.
 */
final class Cart
{
    /**
     * The Domains Configuration step: the fields the customer sees for $domain.
     *
     * @param string $type register | transfer
     * @return list<array{name: string, label: string, type: string, options: list<array{0: string, 1: string}>,
     *                    default: string, required: bool|array, description: string, definition: array}>
     */
    public static function domainFields(string $domain, string $type = 'register', string $language = 'english', ?int $clientId = null): array
    {
        $definitions = self::definitions($domain, $type, $language, $clientId);
        $lang = self::languageStrings($language);
        $shown = [];
        foreach ($definitions as $field) {
            $name = (string) $field['Name'];
            $langVar = (string) ($field['LangVar'] ?? '');
            $label = ($langVar !== '' && isset($lang[$langVar]) && \is_string($lang[$langVar]))
                ? $lang[$langVar]
                : (string) ($field['DisplayName'] ?? $name);
            $shown[] = [
                'name' => $name,
                'label' => $label,
                'type' => strtolower((string) ($field['Type'] ?? 'text')),
                'options' => self::options($field['Options'] ?? ''),
                'default' => (string) ($field['Default'] ?? ''),
                'required' => \is_array($field['Required'] ?? null) ? $field['Required'] : !empty($field['Required']),
                'description' => (string) ($field['Description'] ?? ''),
                'definition' => $field,
            ];
        }
        return $shown;
    }

    /**
     * Submits the Domains Configuration step: the errors WHMCS shows (none: the step passes),
     * and the values it would save.
     *
     * @param array<string, string> $submitted field name => posted value (a field left out
     *                                         keeps its default, as the form posts it)
     * @return array{errors: list<string>, values: array<string, string>}
     */
    public static function submitDomainFields(
        string $domain,
        array $submitted,
        string $type = 'register',
        string $language = 'english',
        ?int $clientId = null
    ): array {
        $fields = self::domainFields($domain, $type, $language, $clientId);
        $values = [];
        foreach ($fields as $f) {
            if ($f['type'] === 'display') {
                continue;
            }
            // A browser posts a dropdown's first option when none is marked as chosen.
            $default = ($f['default'] === '' && \in_array($f['type'], ['dropdown', 'radio'], true) && $f['options'] !== [])
                ? $f['options'][0][0] : $f['default'];
            $posted = \array_key_exists($f['name'], $submitted) ? (string) $submitted[$f['name']] : $default;
            if ($f['type'] === 'tickbox') {
                $posted = ($posted !== '' && $posted !== '0') ? 'on' : '';
            }
            $values[$f['name']] = trim($posted);
        }
        $errors = [];
        foreach ($fields as $f) {
            if ($f['type'] === 'display' || !self::isRequired($f['required'], $values) || $values[$f['name']] !== '') {
                continue;
            }
            $errors[] = 'Missing required field: ' . $f['label'];
        }
        $request = ['domain' => $domain, 'type' => $type, 'domainfield' => $values];
        foreach (Hooks::run('ShoppingCartValidateDomainsConfig', $request) as $result) {
            foreach ((array) $result as $message) {
                if (\is_string($message) && $message !== '') {
                    $errors[] = $message;
                }
            }
        }
        return ['errors' => $errors, 'values' => $values];
    }

    /**
     * Checks out one domain: the configuration step must pass; then the domain (Pending, its
     * TLD's auto-registration registrar), its order (nameservers, auth code) and its field
     * values are saved, as WHMCS saves an order.
     *
     * @param array<string, string> $submitted
     * @param array{years?: int, eppcode?: string, nameservers?: list<string>, language?: string} $order
     * @return array{domainid?: int, errors: list<string>}
     */
    public static function checkout(int $clientId, string $domain, string $type, array $submitted, array $order = []): array
    {
        $language = $order['language'] ?? 'english';
        $step = self::submitDomainFields($domain, $submitted, $type, $language, $clientId);
        if ($step['errors'] !== []) {
            return ['errors' => $step['errors']];
        }
        $errors = self::validateCheckout($clientId, [['type' => $type, 'domain' => $domain, 'eppcode' => (string) ($order['eppcode'] ?? '')]]);
        if ($errors !== []) {
            return ['errors' => $errors];
        }
        $now = date('Y-m-d H:i:s');
        $nameservers = $order['nameservers'] ?? [];
        $orderId = Capsule::table('tblorders')->insertGetId([
            'ordernum' => (string) random_int(1000000000, 9999999999),
            'userid' => $clientId,
            'date' => $now,
            'nameservers' => implode(',', $nameservers),
            // domain => auth code, serialised (the harness's format: unverified).
            'transfersecret' => $type === 'transfer' ? serialize([$domain => (string) ($order['eppcode'] ?? '')]) : '',
        ]);
        $domainId = Capsule::table('tbldomains')->insertGetId([
            'userid' => $clientId,
            'orderid' => $orderId,
            'type' => $type === 'transfer' ? 'Transfer' : 'Register',
            'registrationdate' => date('Y-m-d'),
            'domain' => $domain,
            'registrar' => self::registrarFor($domain),
            'registrationperiod' => (int) ($order['years'] ?? 1),
            'status' => $type === 'transfer' ? 'Pending Transfer' : 'Pending',
            'created_at' => $now,
            'updated_at' => $now,
        ]);
        foreach ($step['values'] as $name => $value) {
            Capsule::table('tbldomainsadditionalfields')->insert(
                ['domainid' => $domainId, 'name' => $name, 'value' => $value, 'created_at' => $now, 'updated_at' => $now]
            );
        }
        return ['domainid' => $domainId, 'errors' => []];
    }

    /**
     * The checkout's completion: ShoppingCartValidateCheckout with the cart's domains in the
     * session, as WHMCS keeps them; the errors the customer sees (none: the order is placed).
     *
     * @param list<array{type: string, domain: string, eppcode?: string}> $domains
     * @return list<string>
     */
    public static function validateCheckout(int $clientId, array $domains, string $paymentMethod = 'banktransfer'): array
    {
        $vars = ['a' => 'checkout', 'submit' => 'true', 'promocode' => '', 'notes' => '', 'paymentmethod' => $paymentMethod,
            'ccinfo' => '', 'custtype' => 'existing', 'clientId' => $clientId];
        if (!isset($_SESSION) || !\is_array($_SESSION)) {
            $_SESSION = [];
        }
        $saved = $_SESSION['cart'] ?? null;
        $_SESSION['cart'] = ['domains' => array_map(static fn (array $d): array => [
            'type' => $d['type'], 'domain' => $d['domain'], 'eppcode' => (string) ($d['eppcode'] ?? ''),
        ], $domains)];
        try {
            $errors = [];
            foreach (Hooks::run('ShoppingCartValidateCheckout', $vars) as $result) {
                foreach ((array) $result as $message) {
                    if (\is_string($message) && $message !== '') {
                        $errors[] = $message;
                    }
                }
            }
            return $errors;
        } finally {
            if ($saved === null) {
                unset($_SESSION['cart']);
            } else {
                $_SESSION['cart'] = $saved;
            }
        }
    }

    /**
     * What WHMCS calls once the order is paid and accepted: RegisterDomain or TransferDomain
     * of the domain's registrar, with the order's nameservers and, for a transfer, auth code.
     */
    public static function accept(int $domainId): mixed
    {
        $domain = Capsule::table('tbldomains')->where('id', $domainId)->first();
        $order = Capsule::table('tblorders')->where('id', $domain->orderid)->first();
        $extra = [];
        $nameservers = $order === null || $order->nameservers === '' ? [] : explode(',', (string) $order->nameservers);
        foreach ($nameservers as $i => $ns) {
            $extra['ns' . ($i + 1)] = $ns;
        }
        $function = $domain->type === 'Transfer' ? 'TransferDomain' : 'RegisterDomain';
        if ($function === 'TransferDomain' && $order !== null && $order->transfersecret !== '') {
            $secrets = unserialize((string) $order->transfersecret, ['allowed_classes' => false]);
            $extra['eppcode'] = (string) ($secrets[$domain->domain] ?? '');
        }
        $params = Params::forFunction($function, $domainId, (string) $domain->registrar, $extra);
        return Whmcs::callRegistrar($function, $params);
    }

    /** The TLD's auto-registration registrar (tbldomainpricing.autoreg), '' for none. */
    public static function registrarFor(string $domain): string
    {
        return (string) Capsule::table('tbldomainpricing')->where('extension', self::tld($domain))->value('autoreg');
    }

    /**
     * The TLD's field definitions: WHMCS's and the admin's files, then the registrar's own.
     *
     * @return list<array<string, mixed>>
     */
    private static function definitions(string $domain, string $type, string $language, ?int $clientId): array
    {
        $tld = self::tld($domain);
        $fields = self::fileFields($tld);
        $registrar = self::registrarFor($domain);
        if ($registrar !== '' && Whmcs::registrarSupports($registrar, 'AdditionalDomainFields')) {
            $params = Registrars::settings($registrar) + [
                'registrar' => $registrar,
                'tld' => ltrim($tld, '.'),
                'type' => $type,
                'fields' => $fields,
                'whmcsVersion' => (string) Setting::getValue('Version'),
            ];
            $own = self::asClient($clientId, $language, static fn () => Whmcs::callRegistrar('AdditionalDomainFields', $params, $registrar));
            $fields = self::merge($fields, \is_array($own) ? (array) ($own['fields'] ?? []) : []);
        }
        return array_values(array_filter($fields, static fn (array $f): bool => empty($f['Remove'])));
    }

    /** @return list<array<string, mixed>> */
    private static function fileFields(string $tld): array
    {
        $root = Runtime::current()->root;
        $fields = [];
        foreach (['dist.additionalfields.php', 'additionalfields.php'] as $file) {
            $path = "$root/resources/domains/$file";
            if (!is_file($path)) {
                continue;
            }
            $defined = (static function (string $path): array {
                $additionaldomainfields = [];
                include $path;
                return $additionaldomainfields;
            })($path);
            $fields = self::merge($fields, (array) ($defined[$tld] ?? []));
        }
        return $fields;
    }

    /**
     * @param list<array<string, mixed>> $fields
     * @param list<mixed> $changes
     * @return list<array<string, mixed>>
     */
    private static function merge(array $fields, array $changes): array
    {
        foreach ($changes as $change) {
            if (!\is_array($change) || !isset($change['Name'])) {
                continue;
            }
            $at = null;
            foreach ($fields as $i => $f) {
                if ($f['Name'] === $change['Name']) {
                    $at = $i;
                    break;
                }
            }
            if ($at === null) {
                $fields[] = $change;
            } else {
                $fields[$at] = $change + $fields[$at];
            }
        }
        return $fields;
    }

    /**
     * Runs $call as the client's page request: the logged-in client's id in $_SESSION['uid'],
     * the chosen language in $_SESSION['Language'] and its strings in the global $_LANG.
     */
    public static function asClient(?int $clientId, string $language, \Closure $call): mixed
    {
        $saved = [$_SESSION['uid'] ?? null, $_SESSION['Language'] ?? null, $GLOBALS['_LANG'] ?? null];
        if (!isset($_SESSION) || !\is_array($_SESSION)) {
            $_SESSION = [];
        }
        $_SESSION['Language'] = $language;
        if ($clientId !== null) {
            $_SESSION['uid'] = $clientId;
        } else {
            unset($_SESSION['uid']);
        }
        $GLOBALS['_LANG'] = self::languageStrings($language);
        try {
            return $call();
        } finally {
            foreach (['uid' => $saved[0], 'Language' => $saved[1]] as $key => $value) {
                if ($value === null) {
                    unset($_SESSION[$key]);
                } else {
                    $_SESSION[$key] = $value;
                }
            }
            if ($saved[2] === null) {
                unset($GLOBALS['_LANG']);
            } else {
                $GLOBALS['_LANG'] = $saved[2];
            }
        }
    }

    /** @return array<string, mixed> lang/<language>.php then lang/overrides/<language>.php */
    public static function languageStrings(string $language): array
    {
        Modules::assertName($language);
        $root = Runtime::current()->root;
        // WHMCS's root folder; the override files of seed 003 include by it (unverified: not
        // in the developer docs).
        if (!\defined('ROOTDIR')) {
            \define('ROOTDIR', $root);
        }
        $strings = [];
        foreach (["$root/lang/$language.php", "$root/lang/overrides/$language.php"] as $file) {
            if (is_file($file)) {
                $strings = (static function (string $file, array $_LANG): array {
                    include $file;
                    return $_LANG;
                })($file, $strings);
            }
        }
        return $strings;
    }

    /** @return list<array{0: string, 1: string}> [value saved, text shown] */
    private static function options(mixed $options): array
    {
        $list = \is_array($options) ? $options : ($options === '' ? [] : explode(',', (string) $options));
        return array_map(static function ($option): array {
            $parts = explode('|', (string) $option, 2);
            return [$parts[0], $parts[1] ?? $parts[0]];
        }, array_values($list));
    }

    /**
     * @param bool|array<string, list<string>> $required
     * @param array<string, string> $values
     */
    private static function isRequired(bool|array $required, array $values): bool
    {
        if (\is_bool($required)) {
            return $required;
        }
        foreach ($required as $other => $when) {
            if (\in_array($values[$other] ?? '', (array) $when, true)) {
                return true;
            }
        }
        return false;
    }

    private static function tld(string $domain): string
    {
        $dot = strpos($domain, '.');
        return $dot === false ? '' : strtolower(substr($domain, $dot));
    }
}
