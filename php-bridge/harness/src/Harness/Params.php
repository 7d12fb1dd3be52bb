<?php

declare(strict_types=1);

namespace Harness;

use WHMCS\Config\Setting;
use WHMCS\Database\Capsule;
use WHMCS\Domains\Domain;

/**
 * The $params array WHMCS passes to a registrar module function (developers.whmcs.com
 * "Module Parameters", "Domain Synchronization", "Availability Checks", "Premium Domains",
 * "Extending Further"): the registrar's settings, the domain, its owner as registrant and admin
 * contact, nameservers, addons, premium and IDN values, all transliterated as WHMCS does
 * (Transliteration), and 'original', the values before transliteration.
 */
final class Params
{
    /**
     * Functions whose documentation lists exactly which parameters they get, besides the
     * registrar's settings. A function not listed here gets the common set of forDomain().
     *
     * Sync, TransferSync: WHMCS/developer-docs domain-registrars/domain-syncing.md (commit
     * 2e75f454, "Available parameters include the following. Any settings defined in your
     * Config Options method will also be available."): no userid, nameservers or contact
     * fields. Whether WHMCS adds 'original' here is not documented; it is left out, so a module
     * relying on it fails here (unverified).
     */
    public const DOCUMENTED = [
        'Sync' => self::SYNC_KEYS,
        'TransferSync' => self::SYNC_KEYS,
    ];

    private const SYNC_KEYS = [
        'domainid', 'domain', 'sld', 'tld', 'registrar', 'regperiod', 'status',
        'dnsmanagement', 'emailforwarding', 'idprotection',
    ];

    /**
     * The params WHMCS gives ispapi_<$function>(): the documented set where DOCUMENTED lists
     * one, otherwise forDomain()/forRenewal().
     *
     * @param array<string, mixed> $extra
     * @return array<string, mixed>
     */
    public static function forFunction(string $function, int $domainId, string $registrar = 'ispapi', array $extra = []): array
    {
        if ($function === 'RenewDomain') {
            return self::forRenewal($domainId, $registrar, $extra);
        }
        $params = self::forDomain($domainId, $registrar, $extra);
        if (!isset(self::DOCUMENTED[$function])) {
            return $params;
        }
        // Untransliterated: whether WHMCS transliterates these is not documented (unverified).
        $keys = array_flip(self::DOCUMENTED[$function]);
        return array_intersect_key($params['original'], $keys) + Registrars::settings($registrar);
    }

    /**
     * @param array<string, mixed> $extra action-specific values (eppcode, ns1..ns5 from an order,
     *                                    lockenabled, protectenable, transfertag, ...) that win over the defaults
     * @return array<string, mixed>
     */
    public static function forDomain(int $domainId, string $registrar = 'ispapi', array $extra = []): array
    {
        $domain = Capsule::table('tbldomains')->where('id', $domainId)->first();
        if ($domain === null) {
            throw new \InvalidArgumentException("No domain with id $domainId");
        }
        $client = Capsule::table('tblclients')->where('id', $domain->userid)->first();
        if ($client === null) {
            throw new \InvalidArgumentException("Domain $domainId belongs to missing client {$domain->userid}");
        }
        $domainObj = new Domain((string) $domain->domain);
        $contact = Contact::fromClient($client);
        $extras = Capsule::table('tbldomains_extra')->where('domain_id', $domainId)->pluck('value', 'name')->all();

        $params = Registrars::settings($registrar) + [
            'registrar' => $registrar,
            'userid' => (int) $domain->userid,
            'domainid' => $domainId,
            'domain' => $domainObj->getDomain(),
            'sld' => $domainObj->getSecondLevel(),
            'tld' => $domainObj->getTopLevel(),
            'domainObj' => $domainObj,
            'regtype' => (string) $domain->type,
            'regperiod' => (int) $domain->registrationperiod,
            'status' => (string) $domain->status,
            'dnsmanagement' => (bool) $domain->dnsmanagement,
            'emailforwarding' => (bool) $domain->emailforwarding,
            'idprotection' => (bool) $domain->idprotection,
            'premiumEnabled' => (bool) Setting::getValue('PremiumDomains'),
            'premiumCost' => $domain->is_premium ? ($extras['registrarCostPrice'] ?? null) : null,
            'additionalfields' => Capsule::table('tbldomainsadditionalfields')->where('domainid', $domainId)
                ->orderBy('id')->pluck('value', 'name')->all(),
            // The IDN language chosen at order time is not modelled.
            'idnlanguage' => '',
            'domain_punycode' => $domainObj->toPunycode(),
            'sld_punycode' => $domainObj->getPunycodeSecondLevel(),
            'tld_punycode' => ltrim((string) strstr($domainObj->toPunycode(), '.'), '.'),
            'is_idn' => $domainObj->isIdn(),
        ];
        $params += $contact + self::adminContact($contact) + self::defaultNameservers();
        return self::asWhmcsPasses($extra + $params);
    }

    /**
     * What WHMCS hands the function: the values transliterated, the untouched ones under
     * 'original', and the domain object at the top level as well.
     *
     * @param array<string, mixed> $raw
     * @return array<string, mixed>
     */
    private static function asWhmcsPasses(array $raw): array
    {
        $params = Transliteration::params($raw);
        $params['original'] = $raw;
        if (isset($raw['domainObj'])) {
            $params['domainObj'] = $raw['domainObj'];
        }
        return $params;
    }

    /**
     * $params for RenewDomain: the premium cost is the renewal cost, and the grace flags follow
     * the TLD's grace and redemption periods (tbldomainpricing) counted from the expiry date.
     *
     * @param array<string, mixed> $extra
     * @return array<string, mixed>
     */
    public static function forRenewal(int $domainId, string $registrar = 'ispapi', array $extra = []): array
    {
        $params = self::forDomain($domainId, $registrar)['original'];
        $domain = Capsule::table('tbldomains')->where('id', $domainId)->first();
        if ($domain->is_premium) {
            $params['premiumCost'] = Capsule::table('tbldomains_extra')->where('domain_id', $domainId)
                ->where('name', 'registrarRenewalCostPrice')->value('value');
        }
        $tld = Capsule::table('tbldomainpricing')->where('extension', '.' . $params['tld'])->first();
        $grace = $tld === null ? -1 : (int) $tld->grace_period;
        $redemption = $tld === null ? -1 : (int) $tld->redemption_grace_period;
        $daysPast = self::daysPastExpiry((string) $domain->expirydate);
        $params['isInGracePeriod'] = $daysPast > 0 && $grace >= 0 && $daysPast <= $grace;
        $params['isInRedemptionGracePeriod'] = $daysPast > 0 && $redemption >= 0
            && $daysPast > max($grace, 0) && $daysPast <= max($grace, 0) + $redemption;
        return self::asWhmcsPasses($extra + $params);
    }

    /**
     * $params for CheckAvailability and GetDomainSuggestions: the registrar's settings plus the
     * search ("Availability Checks"). TLDs are given with their leading dot, as WHMCS lists them.
     *
     * @param list<string> $tlds
     * @param array<string, mixed> $extra
     * @return array<string, mixed>
     */
    public static function forLookup(
        string $searchTerm,
        array $tlds,
        string $registrar = 'ispapi',
        array $extra = []
    ): array {
        $punycode = idn_to_ascii($searchTerm, IDNA_NONTRANSITIONAL_TO_ASCII, INTL_IDNA_VARIANT_UTS46);
        $params = $extra + Registrars::settings($registrar) + [
            'registrar' => $registrar,
            'searchTerm' => $searchTerm,
            'punyCodeSearchTerm' => $punycode === false ? $searchTerm : $punycode,
            'tldsToInclude' => array_map(static fn (string $t): string => '.' . ltrim($t, '.'), $tlds),
            'isIdnDomain' => $punycode !== false && $punycode !== $searchTerm,
            'premiumEnabled' => (bool) Setting::getValue('PremiumDomains'),
        ];
        // Not transliterated: the lookup runs through WHMCS's lookup provider, and whether that
        // transliterates the search is not documented (unverified).
        $params['original'] = $params;
        return $params;
    }

    /**
     * The admin contact is the client's own unless "Use Clients Details" is switched off; the
     * separate registrar admin contact of General Settings is not modelled.
     *
     * @param array<string, mixed> $contact
     * @return array<string, mixed>
     */
    private static function adminContact(array $contact): array
    {
        $useClient = Setting::getValue('RegistrarAdminUseClientDetails');
        if ($useClient !== null && $useClient === '') {
            throw NotModelled::because('the registrar admin contact of General Settings (Use Clients Details off)');
        }
        return [
            'adminfirstname' => $contact['firstname'],
            'adminlastname' => $contact['lastname'],
            'admincompanyname' => $contact['companyname'],
            'adminemail' => $contact['email'],
            'adminaddress1' => $contact['address1'],
            'adminaddress2' => $contact['address2'],
            'admincity' => $contact['city'],
            'adminstate' => $contact['state'],
            'adminfullstate' => $contact['fullstate'],
            'adminpostcode' => $contact['postcode'],
            'admincountry' => $contact['countrycode'],
            'adminphonenumber' => $contact['phonenumber'],
            'adminfullphonenumber' => $contact['fullphonenumber'],
        ];
    }

    /** @return array<string, string> ns1..ns5 from the DefaultNameserver1..5 settings */
    private static function defaultNameservers(): array
    {
        $ns = [];
        for ($i = 1; $i <= 5; $i++) {
            $ns['ns' . $i] = (string) Setting::getValue('DefaultNameserver' . $i);
        }
        return $ns;
    }

    private static function daysPastExpiry(string $expiry): int
    {
        if ($expiry === '' || $expiry === '0000-00-00') {
            return 0;
        }
        $diff = (new \DateTimeImmutable($expiry))->diff(new \DateTimeImmutable('today'));
        return $diff->invert ? 0 : (int) $diff->days;
    }
}
