<?php

declare(strict_types=1);

namespace Harness;

use WHMCS\Domains\DomainLookup\ResultsList;
use WHMCS\Domains\DomainLookup\SearchResult;

/**
 * WHMCS's lookup with a registrar as provider (Domains\DomainLookup\Provider\Registrar): the
 * module's CheckAvailability answers, and every result the module marks
 * STATUS_TLD_NOT_SUPPORTED is looked up by WHOIS instead, with WHMCS's server list
 * (resources/domains/dist.whois.json, overridden entry by entry by whois.json).
 */
final class DomainLookup
{
    /** @param list<string> $tlds with their dot: ['.com', '.xyz'] */
    public static function check(string $registrar, string $sld, array $tlds): ResultsList
    {
        $results = Whmcs::callRegistrar('CheckAvailability', Params::forLookup($sld, $tlds, $registrar));
        if (!$results instanceof ResultsList) {
            // WHMCS falls back to WHOIS for everything when the module fails.
            $results = new ResultsList();
            foreach ($tlds as $tld) {
                $results->append((new SearchResult($sld, $tld))->setStatus(SearchResult::STATUS_TLD_NOT_SUPPORTED));
            }
        }
        foreach ($results as $result) {
            if ($result->getStatus() === SearchResult::STATUS_TLD_NOT_SUPPORTED) {
                $result->setStatus(Whois::status($result->getSecondLevel() . '.' . $result->getTopLevel()));
            }
        }
        return $results;
    }
}
