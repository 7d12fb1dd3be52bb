<?php

declare(strict_types=1);

namespace IspapiCore;

use WHMCS\Database\Capsule;

/**
 * The transfer pre-check of WHMCS's ShoppingCartValidateCheckout hook (hooks.php): hands the
 * core the cart's domains and the TLDs sold through this registrar; the core decides which to
 * check, sends CheckDomainTransfer and words the reasons (CheckoutTransfers). This class only
 * reads the session cart and the table.
 */
final class CheckoutCheck
{
    /**
     * @param list<array<string, mixed>> $cart WHMCS's $_SESSION['cart']['domains']
     * @param array<string, mixed>|null $settings the registrar settings (default: the saved ones)
     * @return list<string> the errors the customer sees; none lets the order be placed
     */
    public static function run(array $cart, ?array $settings = null): array
    {
        $transfers = array_values(array_filter(
            $cart,
            static fn ($d): bool => \is_array($d) && ($d['type'] ?? '') === 'transfer'
        ));
        if ($transfers === []) {
            return [];
        }
        $settings ??= Registrar::savedSettings();
        $params = $settings + [
            // The reasons are the customer's to read: in their language.
            'lang' => Lang::forClient(),
            'cart' => array_map(static fn (array $d): array => [
                'type' => 'transfer',
                'domain' => (string) ($d['domain'] ?? ''),
                'eppcode' => (string) ($d['eppcode'] ?? ''),
            ], $transfers),
            'tlds' => Capsule::table('tbldomainpricing')->where('autoreg', Registrar::MODULE)->pluck('extension')->all(),
        ];
        $result = Registrar::run('CheckoutTransfers', $params, null, null, true);
        // A check that could not run at all (the core's error, logged for the admin) does not
        // keep the customer from ordering: TransferDomain checks again.
        return \is_array($result) && \is_array($result['errors'] ?? null)
            ? array_values(array_filter($result['errors'], 'is_string'))
            : [];
    }
}
