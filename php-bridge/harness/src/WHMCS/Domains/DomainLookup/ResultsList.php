<?php

declare(strict_types=1);

namespace WHMCS\Domains\DomainLookup;

/**
 * The ArrayObject based collection of SearchResult that CheckAvailability and
 * GetDomainSuggestions return (developers.whmcs.com "Availability Checks").
 */
class ResultsList extends \ArrayObject
{
    public function append(mixed $value): void
    {
        if (!$value instanceof SearchResult) {
            throw new \InvalidArgumentException('A ResultsList holds SearchResult objects');
        }
        parent::append($value);
    }

    public function offsetSet(mixed $key, mixed $value): void
    {
        if (!$value instanceof SearchResult) {
            throw new \InvalidArgumentException('A ResultsList holds SearchResult objects');
        }
        parent::offsetSet($key, $value);
    }
}
