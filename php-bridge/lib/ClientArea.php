<?php

declare(strict_types=1);

namespace IspapiCore;

/**
 * The domain's extra client-area pages (DNSSEC, WHOIS privacy, WHOIS output, ERRP). A form
 * posted to one of them reaches the core only after WHMCS's CSRF token check; the core's
 * answer is the array WHMCS renders (`templatefile` under this module's templates/, `vars`).
 */
final class ClientArea
{
    /** Our pages post their fields under this name, apart from WHMCS's own. */
    public const FORM = 'ispapi';

    /**
     * @param string $function the core's page flow (ClientAreaDnssec, …)
     * @param array<string, mixed> $params the $params WHMCS passed to ispapi_<page>()
     * @return array{templatefile: string, vars: array<string, mixed>}
     */
    public static function page(string $function, array $params): array
    {
        $form = null;
        if (($_SERVER['REQUEST_METHOD'] ?? 'GET') === 'POST' && \is_array($_POST[self::FORM] ?? null)) {
            // WHMCS ends the request when the client area's token is missing or wrong.
            \check_token('WHMCS.default');
            $form = $_POST[self::FORM];
        }
        $result = Registrar::run($function, ['form' => $form] + $params, null, null, true);
        if (\is_array($result) && isset($result['templatefile'])) {
            return $result;
        }
        // The client reads one sentence; what failed is in the admin's logs.
        $error = \is_array($result) ? (string) ($result['error'] ?? '') : '';
        if ($error !== Registrar::CLIENT_ERROR) {
            Registrar::clientError($function, $error !== '' ? $error : 'the page had no template: ' . get_debug_type($result));
        }
        return [
            'templatefile' => 'templates/error',
            'vars' => ['error' => Registrar::CLIENT_ERROR],
        ];
    }
}
