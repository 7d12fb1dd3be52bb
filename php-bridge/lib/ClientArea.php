<?php

declare(strict_types=1);

namespace IspapiCore;

/**
 * The domain's extra client-area pages (DNSSEC, WHOIS privacy, WHOIS output, ERRP), and what
 * hooks.php adds to WHMCS's own domain pages (the registrar-lock menu entry, the private
 * nameservers list). A form
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
        // The page's texts are in the client's language, with the admin's overrides (Lang).
        $lang = Lang::forClient();
        $result = Registrar::run($function, ['form' => $form, 'lang' => $lang] + $params, null, null, true);
        if (\is_array($result) && isset($result['templatefile'])) {
            // The template's own texts ($t) and the writing direction, from the same table.
            $texts = Lang::texts($lang);
            $result['vars'] = (array) ($result['vars'] ?? []) + ['t' => $texts['texts'], 'dir' => $texts['dir']];
            return $result;
        }
        // The client reads one sentence; what failed is in the admin's logs.
        $error = \is_array($result) ? (string) ($result['error'] ?? '') : '';
        if ($error !== Registrar::clientSentence()) {
            Registrar::clientError($function, $error !== '' ? $error : 'the page had no template: ' . get_debug_type($result));
        }
        return [
            'templatefile' => 'templates/error',
            'vars' => ['error' => Registrar::clientSentence(), 'dir' => Lang::texts($lang)['dir']],
        ];
    }

    /**
     * ClientAreaPrimarySidebar: removes WHMCS's "Registrar Lock Status" entry from a domain of
     * this registrar whose registry has no transfer lock (the core asks the API). The menu
     * names are WHMCS's; the domain is Menu::context('domain').
     */
    public static function hideLockMenu(object $sidebar): void
    {
        $menu = $sidebar->getChild('Domain Details Management');
        if ($menu === null || $menu->getChild('Registrar Lock Status') === null) {
            return;
        }
        $domain = \Menu::context('domain');
        $params = \is_object($domain) ? self::domainParams((int) ($domain->id ?? 0)) : null;
        if ($params === null) {
            return;
        }
        $answer = Registrar::run('ClientAreaLockMenu', $params, null, null, true);
        // An answer that failed (logged for the admin) leaves WHMCS's menu as it is.
        if (\is_array($answer) && ($answer['supported'] ?? null) === false) {
            $menu->removeChild('Registrar Lock Status');
        }
    }

    /**
     * ClientAreaFooterOutput: on WHMCS's "Private Nameservers" page
     * (clientareadomainregisterns) of a domain of this registrar, the nameservers registered
     * below it with their addresses, which WHMCS does not list; placed before the page's first
     * form, so it works with any theme that has one.
     *
     * @param array<string, mixed> $vars the page's template variables
     */
    public static function privateNameservers(array $vars): ?string
    {
        if (($vars['templatefile'] ?? '') !== 'clientareadomainregisterns') {
            return null;
        }
        $params = self::domainParams((int) ($vars['domainid'] ?? 0));
        if ($params === null) {
            return null;
        }
        $answer = Registrar::run('ClientAreaPrivateNameservers', $params, null, null, true);
        if (!\is_array($answer) || !\is_array($answer['nameservers'] ?? null)) {
            return null;
        }
        $e = static fn (string $s): string => htmlspecialchars($s, ENT_QUOTES);
        $lang = Lang::texts(Lang::forClient());
        $t = static fn (string $key): string => $e($lang['texts'][$key] ?? $key);
        $rows = '';
        foreach ($answer['nameservers'] as $ns) {
            $ips = implode(', ', array_map('strval', (array) ($ns['ips'] ?? [])));
            $rows .= '<tr><td>' . $e((string) ($ns['host'] ?? '')) . '</td><td>' . $e($ips) . '</td></tr>';
        }
        $body = $rows === ''
            ? '<p>' . $t('privatens_none') . '</p>'
            : '<table class="table table-condensed"><thead><tr><th>' . $t('privatens_host') . '</th><th>' . $t('privatens_ips') . '</th></tr></thead><tbody>' . $rows . '</tbody></table>';
        return '<div id="ispapi-private-nameservers" class="panel panel-default card" dir="' . $e($lang['dir']) . '"><div class="panel-heading card-header">'
            . $t('privatens_title') . '</div><div class="panel-body card-body">' . $body . '</div></div>'
            . '<script>(function () { var list = document.getElementById("ispapi-private-nameservers");'
            . ' var form = document.querySelector("form"); if (list && form && form.parentNode) { form.parentNode.insertBefore(list, form); } })();</script>';
    }

    /** @return array<string, mixed>|null the registrar's params for a domain of this registrar */
    private static function domainParams(int $domainId): ?array
    {
        if ($domainId <= 0) {
            return null;
        }
        $row = \WHMCS\Database\Capsule::table('tbldomains')->where('id', $domainId)->first(['id', 'domain', 'registrar']);
        if ($row === null || $row->registrar !== Registrar::MODULE) {
            return null;
        }
        // A hook runs where WHMCS may not have loaded its registrar functions: savedSettings() does.
        return Registrar::savedSettings() + ['domainid' => (int) $row->id, 'domainname' => (string) $row->domain];
    }
}
