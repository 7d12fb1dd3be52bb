<?php

/**
 * Dashboard widget "ISPAPI Account": the registrar account's balance in its currency, the
 * deposits reserved for pre-registrations and backorders, and, on live accounts, how many
 * domains, certificates … it manages (the provider's logo on OT&E). The figures are kept for a
 * short time (setting IspapiAccountWidgetCacheSeconds, default 120 s), so that the dashboard
 * does not ask the API on every load; the panel's Refresh asks again.
 *
 * It also shows the installed module version and, when the release manifest (registrar setting
 * "Release manifest URL") names a newer one, a button to it (IspapiCore\VersionCheck: read once a
 * day, with a short timeout; unreachable or unreadable, only the version is shown).
 *
 * The core's Account flow decides the commands and the figures; this file renders them.
 */

declare(strict_types=1);

namespace WHMCS\Module\Widget;

// phpcs:disable PSR1.Files.SideEffects

use IspapiCore\Core;
use IspapiCore\Exception as CoreFailure;
use IspapiCore\Monitor;
use IspapiCore\Registrar;
use IspapiCore\VersionCheck;
use WHMCS\Config\Setting;
use WHMCS\Database\Capsule;

if (!\defined('WHMCS')) {
    die('This file cannot be accessed directly');
}

require_once __DIR__ . '/../registrars/ispapi/lib/autoload.php';

final class IspapiAccountWidget extends \WHMCS\Module\AbstractWidget
{
    public const ID = 'IspapiAccountWidget';
    public const CACHE_SECONDS = 'IspapiAccountWidgetCacheSeconds';

    protected $title = 'ISPAPI Account';
    protected $description = 'The registrar account balance and its products';
    protected $weight = 140;
    protected $columns = 1;
    protected $cache = true;
    protected $cacheExpiry = 120;
    /** The balance is billing data: the permission WHMCS's own Billing widget requires. */
    protected $requiredPermission = 'View Income Totals';

    public function __construct()
    {
        $seconds = (int) (Setting::getValue(self::CACHE_SECONDS) ?? 0);
        if ($seconds > 0) {
            $this->cacheExpiry = $seconds;
        }
    }

    public function getData()
    {
        $data = ['fetched_at' => time(), 'version' => self::version(), 'runtime' => self::runtime()];
        try {
            $run = Monitor::forRegistrar()->run('Account', ['currencies' => self::currencies()]);
        } catch (CoreFailure $e) {
            return $data + ['error' => $e->getMessage()];
        }
        $result = $run['result'];
        if (isset($result['error'])) {
            return $data + ['error' => $result['error']];
        }
        return $data + $result;
    }

    /**
     * The installed version and the manifest's latest; a failure of the check (core, network,
     * database) never reaches the dashboard: the version of these files is shown then.
     *
     * @return array{installed: string, latest: ?string, newer: bool, url: ?string}
     */
    private static function version(): array
    {
        try {
            $settings = Registrar::savedSettings();
            $check = (new VersionCheck(Core::shared()))->run($settings);
        } catch (\Throwable $e) {
            $check = ['installed' => Core::VERSION, 'latest' => null, 'newer' => false, 'url' => null, 'note' => $e->getMessage()];
        }
        return $check;
    }

    /** Which way the core runs (extension or FFI); null when it cannot run at all. */
    private static function runtime(): ?string
    {
        try {
            return Core::shared()->runtimePath();
        } catch (\Throwable $e) {
            return null;
        }
    }

    public function generateOutput($data)
    {
        $version = $data['version'] ?? ['installed' => Core::VERSION, 'latest' => null, 'newer' => false, 'url' => null];
        $runtime = isset($data['runtime']) ? ' &middot; <span class="ispapi-account-runtime">runs through '
            . self::e($data['runtime']) . '</span>' : '';
        $updated = '<p class="note text-right ispapi-account-updated"><small>Updated '
            . self::e(gmdate('Y-m-d H:i:s', (int) ($data['fetched_at'] ?? time()))) . ' UTC'
            . ' &middot; <span class="ispapi-account-version">Current version '
            . self::e($version['installed']) . '</span>' . $runtime . '</small></p>';
        if (isset($data['error'])) {
            return '<div class="widget-content-padded ispapi-account"><div class="alert alert-danger ispapi-account-error">'
                . self::e($data['error']) . '</div>' . self::latest($version) . $updated . '</div>';
        }
        $f = $data['formatted'];
        $color = $data['overdraft'] ? 'pink' : 'green';
        $balance = self::figure($f['amount'], 'Account Balance', $data['amount'] < 0 ? 'pink' : 'green', 'amount');
        if ($data['has_deposits']) {
            $hint = 'Deposits are taken from the balance to cover pending pre-registrations and backorders,'
                . ' and returned when one does not succeed.';
            $balance .= self::figure($f['deposit'], 'Reserved Deposits', 'pink', 'deposit', $hint)
                . self::figure($f['available'], 'Available Funds', $color, 'available');
        }
        if (!$data['currency_configured']) {
            $balance .= '<p class="note"><small>' . self::e($data['currency'])
                . ' is not a currency of this WHMCS (Setup > Payments > Currencies).</small></p>';
        }
        $right = $data['stats'] === null
            ? self::logo((string) $data['api'], $data['environment'] === 'ote')
            : self::stats($data['stats']);
        return '<div class="widget-billing ispapi-account" data-environment="' . self::e($data['environment']) . '">'
            . '<div class="row account-overview-widget"><div class="col-sm-6 bordered-right">' . $balance . '</div>'
            . '<div class="col-sm-6">' . self::latest($version) . $right . '</div></div>' . $updated . '</div>';
    }

    /**
     * "You're running with the latest version." or a button to the newer release (the seed's
     * widget); nothing when the manifest could not be read.
     *
     * @param array{latest: ?string, newer: bool, url: ?string} $version
     */
    private static function latest(array $version): string
    {
        if ($version['latest'] === null) {
            return '';
        }
        if (!$version['newer']) {
            return '<p class="text-center text-success ispapi-account-latest"><small>'
                . 'You&#39;re running with the latest version.</small></p>';
        }
        $label = 'Latest version ' . self::e($version['latest']) . ' available!';
        $button = $version['url'] === null
            ? '<span class="label label-success">' . $label . '</span>'
            // white-space: the label wraps inside the half-width column instead of overflowing it.
            : '<a href="' . self::e($version['url']) . '" class="btn btn-success btn-sm btn-block" style="white-space:normal"'
                . ' target="_blank" rel="noopener noreferrer">' . $label . '</a>';
        return '<p class="text-center ispapi-account-newer">' . $button . '</p>';
    }

    private static function figure(string $value, string $label, string $color, string $name, string $hint = ''): string
    {
        $title = $hint === '' ? '' : ' title="' . self::e($hint) . '"';
        return '<div class="item text-right ispapi-account-' . $name . '"><div class="data color-' . $color . '">'
            . self::e($value) . '</div><div class="note"' . $title . '>' . self::e($label) . '</div></div>';
    }

    /** @param list<array{product: string, label: string, count: string}> $stats */
    private static function stats(array $stats): string
    {
        $rows = '';
        foreach ($stats as $s) {
            $rows .= '<tr data-product="' . self::e($s['product']) . '"><td>' . self::e($s['label'])
                . '</td><td class="text-right">' . self::e($s['count']) . '</td></tr>';
        }
        return '<table class="table table-condensed ispapi-account-stats">' . $rows . '</table>';
    }

    /** The provider's name as a small inline logo (no request leaves the admin's browser). */
    private static function logo(string $api, bool $ote): string
    {
        $name = $api === 'cnr' ? 'CentralNic Reseller' : 'HEXONET';
        $note = $ote ? 'OT&amp;E test system' : 'no product statistics available';
        return '<div class="text-center ispapi-account-logo"><svg xmlns="http://www.w3.org/2000/svg" width="160"'
            . ' height="40" role="img" aria-label="' . $name . '"><rect width="160" height="40" rx="6"'
            . ' fill="#1b3f6b"/><text x="80" y="26" font-family="sans-serif" font-size="15" fill="#fff"'
            . ' text-anchor="middle">' . $name . '</text></svg><div class="note">' . $note . '</div></div>';
    }

    /** @return list<array{code: string, prefix: string, suffix: string, format: int}> */
    private static function currencies(): array
    {
        return array_map(static fn (object $c): array => [
            'code' => (string) $c->code,
            'prefix' => (string) $c->prefix,
            'suffix' => (string) $c->suffix,
            'format' => (int) $c->format,
        ], Capsule::table('tblcurrencies')->orderBy('id')->get()->all());
    }

    private static function e(mixed $text): string
    {
        return htmlspecialchars((string) $text, ENT_QUOTES | ENT_SUBSTITUTE, 'UTF-8');
    }
}

add_hook('AdminHomeWidgets', 1, static function () {
    return new IspapiAccountWidget();
});
