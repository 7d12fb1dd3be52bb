<?php

declare(strict_types=1);

namespace Harness;

/**
 * Pages of a domain in the client area, as far as modules take part in them.
 *
 * The primary sidebar of a domain's pages (domainSidebar): WHMCS's "Domain Details Management"
 * panel, whose item names are those public registrar modules' hooks use ("Registrar Lock
 * Status", "Manage Private Nameservers", …; WHMCS's own list is not public: unverified which
 * appear when), built with Menu::context('domain') set and handed to the ClientAreaPrimarySidebar
 * hooks (hooks-reference client-area-interface.md, themes/sidebars.md).
 *
 * The "Private Nameservers" page (registerNameserversPage, clientareadomainregisterns): the
 * ClientAreaPageDomainRegisterNameservers hooks may add template variables (client-area-interface.md),
 * the stand-in template data/templates/six/clientareadomainregisterns.tpl is rendered, and
 * what the ClientAreaFooterOutput hooks return goes at the end (hooks-reference output.md).
 * Their variables include `templatefile` and `domainid` (the page's; unverified: not in the
 * docs' common list, which says the rest varies by page).
 *
 * The client area's DNS management page (clientarea.php?action=domaindns): WHMCS renders the
 * active theme's clientareadomaindns.tpl with the registrar's GetDNS answer and, on save, hands
 * the posted rows to SaveDNS as `dnsrecords`.
 *
 * Sources: GetDNS/SaveDNS and the row keys (hostname, type, address, priority) are in
 * WHMCS/sample-registrar-module (registrarmodule.php). WHMCS's own page is not public
 * (unverified): its posted field names (dnsrecid[], dnsrecordhost[], dnsrecordtype[],
 * dnsrecordaddress[], dnsrecordpriority[]) and its type list are what a public scraper of a
 * WHMCS client area reads from it; the harness's stand-in for the stock template is
 * data/templates/six/clientareadomaindns.tpl. Themes are Smarty templates ("Themes", "Smarty"
 * pages of WHMCS/developer-docs): rendered with Debian's smarty3 (WHMCS 8 ships Smarty 3.1;
 * unverified which minor). That the posted values reach SaveDNS HTML-encoded follows WHMCS's
 * input cleaning (unverified; what public registrar modules decode). Rows whose host and
 * address are both empty are dropped (the page's blank "new record" row; unverified).
 * The CSRF check of the page is WHMCS's and not the module's: not modelled here.
 *
 * The page server (serve(): clientarea.php?action=domaindns|domainregisterns&domainid=N) shows
 * these pages with Bootstrap 3 (the Six theme's framework) for the browser tests. Client login
 * is not modelled: any domain's pages are served (harness choice).
 */
final class ClientArea
{
    /** The page's HTML for the domain, from the root's theme template or the stock stand-in. */
    public static function dnsPage(int $domainId, string $theme = 'six', string $registrar = 'ispapi'): string
    {
        $records = Whmcs::callRegistrar('GetDNS', Params::forFunction('GetDNS', $domainId, $registrar), $registrar);
        if (!\is_array($records) || isset($records['error'])) {
            throw new \RuntimeException('GetDNS failed: ' . json_encode($records));
        }
        $domain = \WHMCS\Database\Capsule::table('tbldomains')->where('id', $domainId)->value('domain');
        return self::render(self::themeTemplate($theme, 'clientareadomaindns'), [
            'dnsrecords' => array_values($records),
            'domainid' => $domainId,
            'domain' => $domain,
            'token' => '',
        ]);
    }

    /**
     * Saves what the page posted, as WHMCS does: one row per dnsrecordhost[] index.
     *
     * @param array<string, mixed> $post the form fields as the browser sends them
     */
    public static function saveDnsPage(int $domainId, array $post, string $registrar = 'ispapi'): mixed
    {
        $column = static fn (string $name): array => array_values((array) ($post[$name] ?? []));
        [$ids, $hosts, $types, $addresses, $priorities] = array_map($column, [
            'dnsrecid', 'dnsrecordhost', 'dnsrecordtype', 'dnsrecordaddress', 'dnsrecordpriority',
        ]);
        $encode = static fn (mixed $v): string => htmlspecialchars((string) $v, ENT_QUOTES);
        $rows = [];
        foreach ($hosts as $i => $host) {
            if (trim((string) $host) === '' && trim((string) ($addresses[$i] ?? '')) === '') {
                continue;
            }
            $rows[] = [
                'hostname' => $encode($host),
                'type' => $encode($types[$i] ?? ''),
                'address' => $encode($addresses[$i] ?? ''),
                'priority' => $encode($priorities[$i] ?? ''),
                'recid' => $encode($ids[$i] ?? ''),
            ];
        }
        $params = Params::forFunction('SaveDNS', $domainId, $registrar, ['dnsrecords' => $rows]);
        return Whmcs::callRegistrar('SaveDNS', $params, $registrar);
    }

    /**
     * What a browser submits for the page's first form: text and hidden inputs, a select's
     * selected option (else its first), in document order; `name[]` fields become lists.
     *
     * @return array<string, mixed>
     */
    public static function formData(string $html): array
    {
        $doc = new \DOMDocument();
        libxml_use_internal_errors(true);
        $doc->loadHTML('<?xml encoding="UTF-8">' . $html);
        libxml_clear_errors();
        $xpath = new \DOMXPath($doc);
        $form = $xpath->query('//form')->item(0);
        if ($form === null) {
            throw new \RuntimeException('the page has no form');
        }
        $data = [];
        foreach ($xpath->query('.//input|.//select|.//textarea', $form) as $field) {
            /** @var \DOMElement $field */
            $name = $field->getAttribute('name');
            $type = strtolower($field->getAttribute('type'));
            if ($name === '' || \in_array($type, ['submit', 'button', 'image', 'file'], true)
                || (\in_array($type, ['checkbox', 'radio'], true) && !$field->hasAttribute('checked'))) {
                continue;
            }
            $value = match ($field->nodeName) {
                'select' => self::selected($xpath, $field),
                'textarea' => $field->textContent,
                default => $field->getAttribute('value'),
            };
            if (str_ends_with($name, '[]')) {
                $data[substr($name, 0, -2)][] = $value;
            } else {
                $data[$name] = $value;
            }
        }
        return $data;
    }

    private static function selected(\DOMXPath $xpath, \DOMElement $select): string
    {
        $option = $xpath->query('.//option[@selected]', $select)->item(0) ?? $xpath->query('.//option', $select)->item(0);
        if (!$option instanceof \DOMElement) {
            return '';
        }
        return $option->hasAttribute('value') ? $option->getAttribute('value') : $option->textContent;
    }

    /** The theme's template in the root (templates/THEME/NAME.tpl), else the harness's stock stand-in. */
    private static function themeTemplate(string $theme, string $name): string
    {
        if (!preg_match('/^[a-z0-9_-]+$/', $theme)) {
            throw new \InvalidArgumentException("Not a theme name: $theme");
        }
        $installed = Runtime::current()->root . "/templates/$theme/$name.tpl";
        if (is_file($installed)) {
            return $installed;
        }
        $stock = \dirname(__DIR__, 2) . "/data/templates/six/$name.tpl";
        if (!is_file($stock)) {
            throw NotModelled::because("the client-area template $name");
        }
        return $stock;
    }

    /**
     * A registrar module's own page of a domain (a ClientAreaCustomButtonArray function, e.g.
     * ispapi_dnssec) as the client sees it: the function is called as the client's request in
     * $language (Cart::asClient: $_SESSION['Language'], $GLOBALS['_LANG'] with
     * lang/overrides), and the `templatefile` it returns (relative to the module's folder,
     * `.tpl` added) is rendered with its `vars` (developer-docs domain-registrars/
     * extending-further.md: `templatefile`, `vars`). WHMCS puts this into the theme's page; only
     * the module's part is returned here.
     */
    public static function modulePage(string $page, int $domainId, string $language = 'english', ?int $clientId = null, string $registrar = 'ispapi'): string
    {
        $result = Cart::asClient($clientId, $language, static fn () => Whmcs::callRegistrar($page, Params::forFunction($page, $domainId, $registrar), $registrar));
        return self::moduleTemplate($registrar, $result, $language);
    }

    /**
     * Renders a module page's answer; WHMCS's common template variables the module's templates
     * use are added (themes/variables.md: `$token`, the CSRF token of POST forms; `$language`).
     *
     * @param mixed $result what a module's page function returned
     */
    public static function moduleTemplate(string $registrar, mixed $result, string $language = 'english'): string
    {
        Modules::assertName($registrar);
        if (!\is_array($result) || !\is_string($result['templatefile'] ?? null) || str_contains($result['templatefile'], '..')) {
            throw new \RuntimeException('the page returned no templatefile: ' . json_encode($result));
        }
        $file = ROOTDIR . "/modules/registrars/$registrar/" . $result['templatefile'] . '.tpl';
        // The session's token is the admin session's (client login is not modelled, as for
        // the pages above); without a session the forms carry none and a POST is refused.
        $token = AdminSession::current() !== null ? generate_token('plain') : '';
        return self::render($file, (array) ($result['vars'] ?? []) + ['token' => $token, 'language' => $language]);
    }

    /** @param array<string, mixed> $vars */
    private static function render(string $file, array $vars): string
    {
        require_once '/usr/share/php/smarty3/Smarty.class.php';
        $smarty = new \Smarty();
        $dir = sys_get_temp_dir() . '/harness-smarty-' . getmypid();
        $smarty->setCompileDir("$dir/compile");
        $smarty->setCacheDir("$dir/cache");
        $smarty->setTemplateDir(\dirname($file));
        $smarty->assign($vars);
        return $smarty->fetch($file);
    }

    /** Where the sidebar's items lead (WHMCS's clientarea.php actions; unverified beyond the two pages served here). */
    private const SIDEBAR_LINKS = [
        'Overview' => 'clientarea.php?action=domaindetails&id=',
        'Auto Renew' => 'clientarea.php?action=domaindetails&modop=autorenew&id=',
        'Modify Nameservers' => 'clientarea.php?action=domaindetails&modop=nameservers&id=',
        'Registrar Lock Status' => 'clientarea.php?action=domaindetails&modop=reglock&id=',
        'Domain Contacts' => 'clientarea.php?action=domaincontacts&domainid=',
        'Manage Private Nameservers' => 'clientarea.php?action=domainregisterns&domainid=',
        'Manage DNS Host Records' => 'clientarea.php?action=domaindns&domainid=',
        'Manage Email Forwarding' => 'clientarea.php?action=domainemailforwarding&domainid=',
        'Get EPP Code' => 'clientarea.php?action=domaingetepp&domainid=',
    ];

    /** The primary sidebar of a domain's page, after the ClientAreaPrimarySidebar hooks ran. */
    public static function domainSidebar(int $domainId): \WHMCS\View\Menu\Item
    {
        $row = \WHMCS\Database\Capsule::table('tbldomains')->where('id', $domainId)->first();
        if ($row === null) {
            throw new \InvalidArgumentException("no domain $domainId");
        }
        $sidebar = new \WHMCS\View\Menu\Item('Primary Sidebar');
        $menu = $sidebar->addChild('Domain Details Management', ['label' => 'Manage', 'order' => 10]);
        $order = 0;
        foreach (['Overview', 'Auto Renew', 'Modify Nameservers', 'Registrar Lock Status', 'Domain Contacts',
            'Manage Private Nameservers', 'Manage DNS Host Records', 'Manage Email Forwarding', 'Get EPP Code'] as $name) {
            $menu->addChild($name, ['order' => $order += 10, 'uri' => self::SIDEBAR_LINKS[$name] . $domainId]);
        }
        \Menu::setContext(['domain' => (object) [
            'id' => (int) $row->id,
            'domain' => (string) $row->domain,
            'registrar' => (string) $row->registrar,
            'registrarModuleName' => (string) $row->registrar,
        ]]);
        try {
            Hooks::runWith('ClientAreaPrimarySidebar', $sidebar);
        } finally {
            \Menu::setContext([]);
        }
        return $sidebar;
    }

    /** The "Private Nameservers" page's HTML, with what the hooks added. */
    public static function registerNameserversPage(int $domainId): string
    {
        $vars = [
            'templatefile' => 'clientareadomainregisterns',
            'domainid' => $domainId,
            'domain' => \WHMCS\Database\Capsule::table('tbldomains')->where('id', $domainId)->value('domain'),
        ];
        foreach (Hooks::run('ClientAreaPageDomainRegisterNameservers', $vars) as $added) {
            if (\is_array($added)) {
                $vars = $added + $vars;
            }
        }
        $html = self::render(self::themeTemplate('six', 'clientareadomainregisterns'), $vars);
        foreach (Hooks::run('ClientAreaFooterOutput', $vars) as $output) {
            $html .= (string) $output;
        }
        return $html;
    }

    /**
     * clientarea.php for the page server: the DNS page (a POST with sub=save saves, then the page
     * is shown again, with SaveDNS's error if any) and the Private Nameservers page.
     *
     * @param array<string, mixed> $query
     * @param array<string, mixed> $post
     */
    public static function serve(string $method, array $query, array $post): Admin\Response
    {
        $domainId = (int) ($query['domainid'] ?? $post['domainid'] ?? 0);
        if (\WHMCS\Database\Capsule::table('tbldomains')->where('id', $domainId)->doesntExist()) {
            return new Admin\Response(404, 'No such domain', ['Content-Type' => 'text/plain']);
        }
        $action = (string) ($query['action'] ?? '');
        if ($action === 'domaindns') {
            $error = '';
            if ($method === 'POST' && ($post['sub'] ?? '') === 'save') {
                $result = self::saveDnsPage($domainId, $post);
                $error = \is_array($result) ? (string) ($result['error'] ?? '') : '';
            }
            $body = ($error === '' ? '' : '<div class="alert alert-danger" id="harness-error">' . Admin\Html::e($error) . '</div>')
                . self::dnsPage($domainId, (string) ($query['theme'] ?? 'six'));
            return new Admin\Response(200, self::frame('DNS Management', $body, $domainId));
        }
        if ($action === 'domainregisterns') {
            return new Admin\Response(200, self::frame('Private Nameservers', self::registerNameserversPage($domainId), $domainId));
        }
        return new Admin\Response(404, 'No such client area page', ['Content-Type' => 'text/plain']);
    }

    /** The page in a Bootstrap 3 frame with the domain's primary sidebar (its items as links). */
    private static function frame(string $title, string $body, int $domainId): string
    {
        $links = '';
        foreach (self::domainSidebar($domainId)->getChildren() as $panel) {
            $links .= '<div class="panel panel-default" menuItemName="' . Admin\Html::e($panel->getName()) . '"><div class="panel-heading">'
                . Admin\Html::e($panel->getLabel()) . '</div><div class="list-group">';
            foreach ($panel->getChildren() as $item) {
                $links .= '<a class="list-group-item" menuItemName="' . Admin\Html::e($item->getName()) . '" href="'
                    . Admin\Html::e($item->getUri()) . '">' . Admin\Html::e($item->getLabel()) . '</a>';
            }
            $links .= '</div></div>';
        }
        return '<!DOCTYPE html><html><head><meta charset="utf-8"><title>' . Admin\Html::e($title) . '</title>'
            . '<link rel="stylesheet" href="/assets/bootstrap/css/bootstrap.min.css"></head>'
            . '<body><div class="container" id="main-body"><div class="row"><div class="col-md-3 sidebar">' . $links . '</div>'
            . '<div class="col-md-9 main-content">' . $body . '</div></div></div>'
            . '<script src="/assets/jquery.min.js"></script><script src="/assets/bootstrap/js/bootstrap.min.js"></script>'
            . '</body></html>';
    }
}
