<?php

declare(strict_types=1);

namespace Harness;

/**
 * The contact fields WHMCS derives from a client record: full name, state code and name, country
 * name, phone country code and the "+CC.number" phone format ("Module Parameters",
 * GetClientsDetails example: "01234567890" in GB becomes "+44.1234567890").
 */
final class Contact
{
    /** @return array<string, mixed> */
    public static function fromClient(object $client): array
    {
        $country = strtoupper((string) $client->country);
        $known = Data::country($country);
        $state = (string) $client->state;
        $stateCode = Data::stateCode($country, $state);
        [$phonecc, $number] = self::phone((string) $client->phonenumber, $known['phonecc'] ?? 0);
        $formatted = $number === '' ? '' : ($phonecc > 0 ? "+$phonecc.$number" : $number);
        return [
            'firstname' => (string) $client->firstname,
            'lastname' => (string) $client->lastname,
            'fullname' => trim($client->firstname . ' ' . $client->lastname),
            'companyname' => (string) $client->companyname,
            'email' => (string) $client->email,
            'address1' => (string) $client->address1,
            'address2' => (string) $client->address2,
            'city' => (string) $client->city,
            'state' => $stateCode ?? $state,
            'fullstate' => $stateCode === null ? $state : (string) Data::stateName($country, $stateCode),
            'statecode' => $stateCode ?? $state,
            'postcode' => (string) $client->postcode,
            'countrycode' => $country,
            'country' => $country,
            'countryname' => $known['name'] ?? $country,
            'phonenumber' => (string) $client->phonenumber,
            'phonecc' => $phonecc > 0 ? (string) $phonecc : '',
            'fullphonenumber' => $formatted,
            'phonenumberformatted' => $formatted,
            'tax_id' => (string) $client->tax_id,
        ];
    }

    /** @return array{int, string} calling code and national number (digits, no leading zeros) */
    private static function phone(string $stored, int $countryCode): array
    {
        if (preg_match('/^\+(\d{1,3})[.\s-]?(.*)$/', trim($stored), $m)) {
            return [(int) $m[1], ltrim((string) preg_replace('/\D/', '', $m[2]), '0')];
        }
        return [$countryCode, ltrim((string) preg_replace('/\D/', '', $stored), '0')];
    }
}
