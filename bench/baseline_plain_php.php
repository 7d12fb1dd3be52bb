<?php

/**
 * The plain-PHP baseline: the same jobs written the way the original PHP code does them, for
 * bench/bench.php to compare the core with. Not used by the modules.
 *
 * - ResponseParser::parse(): the HEXONET PHP SDK's parser (hexonet/php-sdk
 *   src/ResponseParser.php, MIT): the body split into lines, a regex per line, the properties
 *   collected into PHP arrays.
 * - MonitoringWidget::check(): the detection loops of the original "ISPAPI Domain Monitoring"
 *   widget (hexonet/whmcs-ispapi-widget-monitoring 1.8, modules/widgets/ispapi_monitoring.php,
 *   MIT): one QueryDomainList reply per case parsed as above, WHMCS's rows keyed by name, one
 *   loop per case. The original read WHMCS's rows with Eloquent (get()->toJson(), json_decode)
 *   and queried tbldomains_extra once per premium domain; here both arrive in memory, which
 *   only makes the baseline faster.
 */

declare(strict_types=1);

namespace PlainPhpBaseline;

final class ResponseParser
{
    /** @return array<string, mixed> CODE, DESCRIPTION, … and PROPERTY => [COLUMN => list<string>] */
    public static function parse(string $raw): array
    {
        $hash = [];
        $rlist = explode("\n", preg_replace("/\r\n/", "\n", $raw));
        foreach ($rlist as $item) {
            if (preg_match("/^([^\\=]*[^\\t\\= ])[\\t ]*=[\\t ]*(.*)$/", $item, $m)) {
                $attr = $m[1];
                $value = preg_replace("/[\\t ]*$/", "", $m[2]);
                if (preg_match("/^property\\[([^\\]]*)\\]/i", $attr, $m)) {
                    if (!array_key_exists('PROPERTY', $hash)) {
                        $hash['PROPERTY'] = [];
                    }
                    $prop = preg_replace("/\\s/", "", strtoupper($m[1]));
                    if (array_key_exists($prop, $hash['PROPERTY'])) {
                        $hash['PROPERTY'][$prop][] = $value;
                    } else {
                        $hash['PROPERTY'][$prop] = [$value];
                    }
                } else {
                    $hash[strtoupper($attr)] = $value;
                }
            }
        }
        if (!array_key_exists('DESCRIPTION', $hash)) {
            $hash['DESCRIPTION'] = '';
        }
        return $hash;
    }
}

final class MonitoringWidget
{
    /**
     * @param array<string, string> $rawLists case id => the QueryDomainList reply of its filter
     * @param list<array<string, mixed>> $whmcsRows id, domain, idprotection, notes, premium, extras
     * @return array<string, list<string>> the original's case id => domain names
     */
    public static function check(array $rawLists, array $whmcsRows): array
    {
        $domainsWHMCS = [];
        foreach ($whmcsRows as $row) {
            $domainsWHMCS[$row['domain']] = $row;
        }
        $cases = [];

        // wpapicase: ID protection at the registrar, not in WHMCS.
        $items = [];
        foreach (self::objectIds($rawLists['id_protection']) as $c) {
            if (isset($domainsWHMCS[$c]) && (int) $domainsWHMCS[$c]['idprotection'] === 0) {
                $items[] = $c;
            }
        }
        $cases['wpapicase'] = $items;

        // tlapicase: transfer lock off at the registrar.
        $items = [];
        foreach (self::objectIds($rawLists['transfer_lock']) as $c) {
            if (isset($domainsWHMCS[$c])) {
                $items[] = $c;
            }
        }
        $cases['tlapicase'] = $items;

        // migrationcase: the migration tool's markers in the notes.
        $items = [];
        foreach ($domainsWHMCS as $c => $d) {
            if (preg_match('/^INIT_TRANSFER_(SUCCESS|FAIL)$/i', $d['notes'])) {
                $items[] = $c;
            }
        }
        $cases['migrationcase'] = $items;

        // registrarrenewalcostpricezerocase: premium without a renewal cost price.
        $items = [];
        foreach ($domainsWHMCS as $c => $d) {
            if ($d['premium'] === 1 && !in_array('registrarRenewalCostPrice', $d['extras'] ?? [], true)) {
                $items[] = $c;
            }
        }
        $cases['registrarrenewalcostpricezerocase'] = $items;

        // domain2premiumcase: premium at the registrar, standard in WHMCS.
        $items = [];
        foreach (self::objectIds($rawLists['premium_at_registrar']) as $c) {
            if (isset($domainsWHMCS[$c]) && empty($domainsWHMCS[$c]['premium'])) {
                $items[] = $c;
            }
        }
        $cases['domain2premiumcase'] = $items;

        return array_filter($cases);
    }

    /** @return list<string> */
    private static function objectIds(string $raw): array
    {
        $r = ResponseParser::parse($raw);
        if ($r['CODE'] !== '200' || !$r['PROPERTY']['COUNT'][0]) {
            return [];
        }
        return $r['PROPERTY']['OBJECTID'];
    }
}
