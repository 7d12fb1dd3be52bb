<?php

declare(strict_types=1);

namespace WHMCS\Domain\Registrar;

use WHMCS\Carbon;

/**
 * What GetDomainInformation returns (developers.whmcs.com "Domain Information", "Transfer Policy
 * (IRTP) Management", class WHMCS\Domain\Registrar\Domain). A getter returns null while its
 * value was never set. The constant names are WHMCS's; their string values are the harness's.
 */
class Domain
{
    // WHMCS's values are not documented; the harness's differ from the words ('Active'), so a
    // module that passes a literal instead of the constant fails here.
    public const STATUS_ACTIVE = 'harness:active';
    public const STATUS_ARCHIVED = 'harness:archived';
    public const STATUS_DELETED = 'harness:deleted';
    public const STATUS_EXPIRED = 'harness:expired';
    public const STATUS_INACTIVE = 'harness:inactive';
    public const STATUS_SUSPENDED = 'harness:suspended';
    public const STATUS_PENDING_DELETE = 'harness:pending-delete';

    protected ?string $domain = null;
    protected ?Carbon $expiryDate = null;
    protected ?string $registrationStatus = null;
    protected ?bool $restorable = null;
    protected ?bool $idProtectionStatus = null;
    protected ?bool $dnsManagementStatus = null;
    protected ?bool $emailForwardingStatus = null;
    /** @var array<string, string> */
    protected array $nameservers = [];
    protected ?bool $transferLock = null;
    protected ?Carbon $transferLockExpiryDate = null;
    protected ?bool $irtpOptOutStatus = null;
    protected ?bool $irtpTransferLock = null;
    protected ?Carbon $irtpTransferLockExpiryDate = null;
    protected ?bool $domainContactChangePending = null;
    protected ?Carbon $domainContactChangeExpiryDate = null;
    protected ?bool $willDomainSuspend = null;
    protected ?bool $isIrtpEnabled = null;
    /** @var array<string, list<string>> */
    protected array $irtpVerificationTriggerFields = [];
    protected ?string $registrantEmailAddress = null;

    public function setDomain($domain): static
    {
        $this->domain = (string) $domain;
        return $this;
    }

    public function getDomain(): ?string
    {
        return $this->domain;
    }

    public function setExpiryDate(?Carbon $expiryDate = null): static
    {
        $this->expiryDate = $expiryDate;
        return $this;
    }

    public function getExpiryDate(): ?Carbon
    {
        return $this->expiryDate;
    }

    public function setRegistrationStatus($status): static
    {
        $known = array_filter((new \ReflectionClass(self::class))->getConstants(), static fn (string $k): bool => str_starts_with($k, 'STATUS_'), ARRAY_FILTER_USE_KEY);
        if ($status !== null && !\in_array($status, $known, true)) {
            throw new \InvalidArgumentException('setRegistrationStatus takes one of the class\'s STATUS_ constants, not ' . var_export($status, true));
        }
        $this->registrationStatus = $status === null ? null : (string) $status;
        return $this;
    }

    public function getRegistrationStatus(): ?string
    {
        return $this->registrationStatus;
    }

    public function setRestorable($restorable): static
    {
        $this->restorable = self::flag($restorable);
        return $this;
    }

    public function getRestorable(): ?bool
    {
        return $this->restorable;
    }

    public function setIdProtectionStatus($status): static
    {
        $this->idProtectionStatus = self::flag($status);
        return $this;
    }

    public function getIdProtectionStatus(): ?bool
    {
        return $this->idProtectionStatus;
    }

    public function setDnsManagementStatus($status): static
    {
        $this->dnsManagementStatus = self::flag($status);
        return $this;
    }

    public function getDnsManagementStatus(): ?bool
    {
        return $this->dnsManagementStatus;
    }

    public function setEmailForwardingStatus($status): static
    {
        $this->emailForwardingStatus = self::flag($status);
        return $this;
    }

    public function getEmailForwardingStatus(): ?bool
    {
        return $this->emailForwardingStatus;
    }

    /** @param array<int|string, string> $nameservers e.g. ['ns1' => 'ns1.example.net', ...] or a list */
    public function setNameservers(array $nameservers): static
    {
        $named = [];
        $i = 1;
        foreach ($nameservers as $key => $host) {
            $named[is_int($key) ? 'ns' . $i : (string) $key] = (string) $host;
            $i++;
        }
        $this->nameservers = $named;
        return $this;
    }

    /** @return array<string, string> */
    public function getNameservers(): array
    {
        return $this->nameservers;
    }

    public function setTransferLock($locked): static
    {
        $this->transferLock = self::flag($locked);
        return $this;
    }

    public function getTransferLock(): ?bool
    {
        return $this->transferLock;
    }

    public function setTransferLockExpiryDate(?Carbon $date = null): static
    {
        $this->transferLockExpiryDate = $date;
        return $this;
    }

    public function getTransferLockExpiryDate(): ?Carbon
    {
        return $this->transferLockExpiryDate;
    }

    public function setIrtpOptOutStatus($status): static
    {
        $this->irtpOptOutStatus = self::flag($status);
        return $this;
    }

    public function getIrtpOptOutStatus(): ?bool
    {
        return $this->irtpOptOutStatus;
    }

    public function setIrtpTransferLock($locked): static
    {
        $this->irtpTransferLock = self::flag($locked);
        return $this;
    }

    public function getIrtpTransferLock(): ?bool
    {
        return $this->irtpTransferLock;
    }

    public function setIrtpTransferLockExpiryDate(?Carbon $date = null): static
    {
        $this->irtpTransferLockExpiryDate = $date;
        return $this;
    }

    public function getIrtpTransferLockExpiryDate(): ?Carbon
    {
        return $this->irtpTransferLockExpiryDate;
    }

    public function setDomainContactChangePending($pending): static
    {
        $this->domainContactChangePending = self::flag($pending);
        return $this;
    }

    public function getDomainContactChangePending(): ?bool
    {
        return $this->domainContactChangePending;
    }

    public function setDomainContactChangeExpiryDate(?Carbon $date = null): static
    {
        $this->domainContactChangeExpiryDate = $date;
        return $this;
    }

    public function getDomainContactChangeExpiryDate(): ?Carbon
    {
        return $this->domainContactChangeExpiryDate;
    }

    /** True when failing to complete the current contact verification will suspend the domain. */
    public function setPendingSuspension($pending): static
    {
        $this->willDomainSuspend = self::flag($pending);
        return $this;
    }

    public function getPendingSuspension(): ?bool
    {
        return $this->willDomainSuspend;
    }

    public function setIsIrtpEnabled($enabled): static
    {
        $this->isIrtpEnabled = self::flag($enabled);
        return $this;
    }

    public function getIsIrtpEnabled(): ?bool
    {
        return $this->isIrtpEnabled;
    }

    public function isIrtpEnabled(): bool
    {
        return $this->isIrtpEnabled === true;
    }

    /** @param array<string, list<string>> $fields contact type => field names, e.g. ['Registrant' => ['Email']] */
    public function setIrtpVerificationTriggerFields(array $fields): static
    {
        $this->irtpVerificationTriggerFields = $fields;
        return $this;
    }

    /** @return array<string, list<string>> */
    public function getIrtpVerificationTriggerFields(): array
    {
        return $this->irtpVerificationTriggerFields;
    }

    public function setRegistrantEmailAddress($email): static
    {
        $this->registrantEmailAddress = $email === null ? null : (string) $email;
        return $this;
    }

    public function getRegistrantEmailAddress(): ?string
    {
        return $this->registrantEmailAddress;
    }

    private static function flag(mixed $value): ?bool
    {
        return $value === null ? null : (bool) $value;
    }
}
