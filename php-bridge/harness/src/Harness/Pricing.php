<?php

declare(strict_types=1);

namespace Harness;

/**
 * WHMCS keeps domain prices in tblpricing rows (type domainregister, domaintransfer or
 * domainrenew; relid = tbldomainpricing.id), one column per registration term in years.
 * A price of -1 means the term is not offered, 0 that it is free.
 */
final class Pricing
{
    /** Column for 1 year, 2 years, ... 10 years. */
    public const COLUMNS = [
        'msetupfee', 'qsetupfee', 'ssetupfee', 'asetupfee', 'bsetupfee',
        'monthly', 'quarterly', 'semiannually', 'annually', 'biennially',
    ];

    public const TYPES = ['register' => 'domainregister', 'transfer' => 'domaintransfer', 'renew' => 'domainrenew'];

    public static function column(int $years): string
    {
        if ($years < 1 || $years > 10) {
            throw new \InvalidArgumentException("A domain term is 1 to 10 years, not $years");
        }
        return self::COLUMNS[$years - 1];
    }

    /**
     * @param object|array<string, mixed> $row a tblpricing row
     * @return array<int, string> offered terms: years => price with two decimals
     */
    public static function offeredTerms(object|array $row): array
    {
        $row = (array) $row;
        $terms = [];
        foreach (self::COLUMNS as $i => $column) {
            $price = (float) $row[$column];
            if ($price >= 0) {
                $terms[$i + 1] = number_format($price, 2, '.', '');
            }
        }
        return $terms;
    }
}
