<?php

declare(strict_types=1);

namespace WHMCS\Domains\DomainLookup;

use WHMCS\Domains\Domain;

/**
 * One domain availability result, returned by CheckAvailability and GetDomainSuggestions
 * (developers.whmcs.com class WHMCS\Domains\DomainLookup\SearchResult; "Availability Checks").
 * The constant names are WHMCS's; their string values are the harness's own.
 */
class SearchResult extends Domain
{
    public const STATUS_REGISTERED = 'registered';
    public const STATUS_NOT_REGISTERED = 'available';
    public const STATUS_RESERVED = 'reserved';
    public const STATUS_UNKNOWN = 'unknown';
    public const STATUS_TLD_NOT_SUPPORTED = 'tld_not_supported';

    private const STATUSES = [
        self::STATUS_REGISTERED, self::STATUS_NOT_REGISTERED, self::STATUS_RESERVED,
        self::STATUS_UNKNOWN, self::STATUS_TLD_NOT_SUPPORTED,
    ];

    protected string $status = self::STATUS_UNKNOWN;
    protected bool $premiumDomain = false;
    /** @var array<string, mixed> */
    protected array $premiumCostPricing = [];
    protected float $score = 1.0;

    public function __construct($sld, $tld)
    {
        parent::__construct();
        $this->secondLevel = (string) $sld;
        $this->topLevel = ltrim((string) $tld, '.');
    }

    public static function factoryFromDomain(Domain $domain): self
    {
        return new self($domain->getSecondLevel(), $domain->getTopLevel());
    }

    public function setStatus($status): static
    {
        if (!in_array($status, self::STATUSES, true)) {
            throw new \InvalidArgumentException("Unknown SearchResult status: " . var_export($status, true));
        }
        $this->status = $status;
        return $this;
    }

    public function getStatus(): string
    {
        return $this->status;
    }

    public function setPremiumDomain($isPremium): static
    {
        $this->premiumDomain = (bool) $isPremium;
        return $this;
    }

    public function isPremium(): bool
    {
        return $this->premiumDomain;
    }

    /** @param array<string, mixed> $pricing e.g. ['register' => 99.0, 'renew' => 99.0, 'CurrencyCode' => 'USD'] */
    public function setPremiumCostPricing($pricing = []): static
    {
        $this->premiumCostPricing = (array) $pricing;
        return $this;
    }

    /** @return array<string, mixed> */
    public function getPremiumCostPricing(): array
    {
        return $this->premiumCostPricing;
    }

    public function setScore($score): static
    {
        $this->score = (float) $score;
        return $this;
    }

    public function getScore(): float
    {
        return $this->score;
    }
}
