<?php

declare(strict_types=1);

namespace WHMCS\Domain\TopLevel;

/**
 * One extension with its cost prices, for the Registrar TLD & Pricing Sync
 * (developers.whmcs.com "TLD & Pricing Sync"). Setters chain; defaults are the documented ones.
 */
class ImportItem
{
    private string $extension = '';
    private int $minYears = 1;
    private int $maxYears = 10;
    private int $yearsStep = 1;
    /** @var list<int> */
    private array $years = [];
    private ?float $registerPrice = null;
    private ?float $renewPrice = null;
    private ?float $transferPrice = null;
    private ?int $graceFeeDays = null;
    private ?float $graceFeePrice = null;
    private ?int $redemptionFeeDays = null;
    private ?float $redemptionFeePrice = null;
    private string $currency = '';
    private bool $eppRequired = false;

    public function setExtension($extension): static
    {
        $this->extension = (string) $extension;
        return $this;
    }

    public function getExtension(): string
    {
        return $this->extension;
    }

    public function setMinYears($years): static
    {
        $this->minYears = (int) $years;
        return $this;
    }

    public function getMinYears(): int
    {
        return $this->minYears;
    }

    public function setMaxYears($years): static
    {
        $this->maxYears = (int) $years;
        return $this;
    }

    public function getMaxYears(): int
    {
        return $this->maxYears;
    }

    public function setYearsStep($step): static
    {
        $this->yearsStep = max(1, (int) $step);
        return $this;
    }

    public function getYearsStep(): int
    {
        return $this->yearsStep;
    }

    /** @param array<int|string> $years the terms offered, in place of min/max/step */
    public function setYears(array $years): static
    {
        $this->years = array_values(array_map('intval', $years));
        return $this;
    }

    /** @return list<int> the terms offered: setYears() if given, else min..max by step */
    public function getYears(): array
    {
        return $this->years !== [] ? $this->years : range($this->minYears, $this->maxYears, $this->yearsStep);
    }

    public function setRegisterPrice($price): static
    {
        $this->registerPrice = $price === null ? null : (float) $price;
        return $this;
    }

    public function getRegisterPrice(): ?float
    {
        return $this->registerPrice;
    }

    public function setRenewPrice($price): static
    {
        $this->renewPrice = $price === null ? null : (float) $price;
        return $this;
    }

    public function getRenewPrice(): ?float
    {
        return $this->renewPrice;
    }

    public function setTransferPrice($price): static
    {
        $this->transferPrice = $price === null ? null : (float) $price;
        return $this;
    }

    public function getTransferPrice(): ?float
    {
        return $this->transferPrice;
    }

    public function setGraceFeeDays($days): static
    {
        $this->graceFeeDays = $days === null ? null : (int) $days;
        return $this;
    }

    public function getGraceFeeDays(): ?int
    {
        return $this->graceFeeDays;
    }

    public function setGraceFeePrice($price): static
    {
        $this->graceFeePrice = $price === null ? null : (float) $price;
        return $this;
    }

    public function getGraceFeePrice(): ?float
    {
        return $this->graceFeePrice;
    }

    public function setRedemptionFeeDays($days): static
    {
        $this->redemptionFeeDays = $days === null ? null : (int) $days;
        return $this;
    }

    public function getRedemptionFeeDays(): ?int
    {
        return $this->redemptionFeeDays;
    }

    public function setRedemptionFeePrice($price): static
    {
        $this->redemptionFeePrice = $price === null ? null : (float) $price;
        return $this;
    }

    public function getRedemptionFeePrice(): ?float
    {
        return $this->redemptionFeePrice;
    }

    public function setCurrency($currency): static
    {
        $this->currency = strtoupper((string) $currency);
        return $this;
    }

    public function getCurrency(): string
    {
        return $this->currency;
    }

    public function setEppRequired($required): static
    {
        $this->eppRequired = (bool) $required;
        return $this;
    }

    public function getEppRequired(): bool
    {
        return $this->eppRequired;
    }
}
