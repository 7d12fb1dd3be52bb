<?php

declare(strict_types=1);

namespace WHMCS\Domains;

/**
 * A domain name split the way WHMCS splits it: the second level is the first label, the top
 * level is everything after the first dot ("example.co.uk" -> "example" + "co.uk"). The IDN
 * methods are those of developers.whmcs.com "Extending Further" (IDN Domains); the harness
 * converts with PHP intl's UTS #46 non-transitional processing.
 */
class Domain
{
    protected string $secondLevel = '';
    protected string $topLevel = '';

    public function __construct(string $domain = '')
    {
        if ($domain !== '') {
            $this->setDomain($domain);
        }
    }

    public function setDomain(string $domain): static
    {
        $domain = trim($domain, " .\t\n\r");
        $dot = strpos($domain, '.');
        if ($dot === false) {
            throw new \InvalidArgumentException("Not a domain name: '$domain'");
        }
        $this->secondLevel = substr($domain, 0, $dot);
        $this->topLevel = substr($domain, $dot + 1);
        return $this;
    }

    public function getDomain(): string
    {
        return $this->secondLevel . '.' . $this->topLevel;
    }

    public function getSecondLevel(): string
    {
        return $this->secondLevel;
    }

    public function getTopLevel(): string
    {
        return $this->topLevel;
    }

    public function getDotTopLevel(): string
    {
        return '.' . $this->topLevel;
    }

    public function getLastTLDSegment(): string
    {
        $labels = explode('.', $this->topLevel);
        return (string) end($labels);
    }

    public function isIdn(): bool
    {
        return $this->toPunycode() !== $this->toUnicode();
    }

    public function toPunycode(): string
    {
        return self::ascii($this->getDomain());
    }

    public function toUnicode(): string
    {
        return self::unicode($this->getDomain());
    }

    public function getPunycodeSecondLevel(): string
    {
        return self::ascii($this->secondLevel);
    }

    public function getUnicodeSecondLevel(): string
    {
        return self::unicode($this->secondLevel);
    }

    public function __toString(): string
    {
        return $this->getDomain();
    }

    private static function ascii(string $name): string
    {
        $ascii = idn_to_ascii($name, IDNA_NONTRANSITIONAL_TO_ASCII, INTL_IDNA_VARIANT_UTS46);
        return $ascii === false ? $name : $ascii;
    }

    private static function unicode(string $name): string
    {
        $unicode = idn_to_utf8($name, IDNA_NONTRANSITIONAL_TO_UNICODE, INTL_IDNA_VARIANT_UTS46);
        return $unicode === false ? $name : $unicode;
    }
}
