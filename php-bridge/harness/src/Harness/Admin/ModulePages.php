<?php

declare(strict_types=1);

namespace Harness\Admin;

use Harness\Addons;
use Harness\AdminSession;
use Harness\Modules;
use Harness\Registrars;

/**
 * Setup > Domain Registrars (configregistrars.php), Setup > Addon Modules (configaddonmods.php)
 * and an addon's own page (addonmodules.php?module=NAME, which runs NAME_output($vars)).
 */
final class ModulePages
{
    public static function registrars(): Response
    {
        if (!AdminSession::can('Configure Domain Registrars')) {
            return new Response(403, Html::page('Access Denied', 'configregistrars', '<p>Access Denied</p>'));
        }
        $body = isset($_GET['saved']) ? '<p class="alert alert-success">Changes Saved Successfully!</p>' : '';
        foreach (Modules::installed('registrars') as $name) {
            $config = Registrars::configArray($name);
            $saved = Registrars::settings($name);
            $title = $config['FriendlyName']['Value'] ?? $name;
            $rows = '';
            foreach ($config as $setting => $field) {
                if (strtolower((string) ($field['Type'] ?? '')) !== 'system') {
                    $rows .= Html::field((string) $setting, (array) $field, (string) ($saved[$setting] ?? ''));
                }
            }
            $body .= '<section id="registrar-' . Html::e($name) . '" class="panel panel-default">'
                . '<div class="panel-heading"><h2 class="panel-title">' . Html::e($title) . ' <span class="label label-'
                . ($saved === [] ? 'default">not activated' : 'success">active') . '</span></h2></div>'
                . '<form method="post" action="configregistrars.php?action=save&amp;module=' . Html::e($name) . '">'
                . generate_token() . '<table class="form table table-condensed">' . $rows . '</table>'
                . '<div class="panel-footer text-center"><button type="submit" class="btn btn-primary">Save Changes</button></div>'
                . '</form></section>';
        }
        return new Response(200, Html::page('Domain Registrars', 'configregistrars', $body));
    }

    public static function saveRegistrar(string $name): Response
    {
        if (!AdminSession::can('Configure Domain Registrars')) {
            return new Response(403, Html::page('Access Denied', 'configregistrars', '<p>Access Denied</p>'));
        }
        check_token('WHMCS.admin.default');
        Modules::assertName($name);
        if (!in_array($name, Modules::installed('registrars'), true)) {
            $page = Html::page('Domain Registrars', 'configregistrars', '<p>No such registrar module</p>');
            return new Response(404, $page);
        }
        $saved = Registrars::settings($name);
        $values = [];
        foreach (Registrars::configArray($name) as $setting => $field) {
            $posted = $_POST[$setting] ?? null;
            $isPassword = strtolower((string) ($field['Type'] ?? '')) === 'password';
            // An empty password field means "unchanged": the page never echoes saved passwords.
            $keep = $isPassword && ($posted === null || $posted === '');
            $values[$setting] = $keep ? ($saved[$setting] ?? '') : $posted;
        }
        try {
            Registrars::save($name, $values, true);
        } catch (\WHMCS\Exception\Module\InvalidConfiguration $e) {
            $page = Html::page('Domain Registrars', 'configregistrars', '<div class="errorbox alert alert-danger">'
                . htmlspecialchars($e->getMessage(), ENT_QUOTES) . '</div>');
            return new Response(200, $page);
        }
        return Response::redirect('configregistrars.php?saved=1#registrar-' . rawurlencode($name));
    }

    public static function addonList(): Response
    {
        if (!AdminSession::can('Configure Addon Modules')) {
            return new Response(403, Html::page('Access Denied', 'configaddonmods', '<p>Access Denied</p>'));
        }
        $rows = '';
        foreach (Modules::installed('addons') as $name) {
            $config = Addons::config($name);
            $active = Addons::isActive($name);
            $action = $active ? 'deactivate' : 'activate';
            $rows .= '<tr><td>' . Html::e($config['name'] ?? $name) . '</td><td>' . Html::e($config['version'] ?? '')
                . '</td><td class="text-right">' . ($active ? '<a class="btn btn-default btn-sm" href="addonmodules.php?module='
                . Html::e($name) . '">Open</a> ' : '')
                . '<form method="post" class="form-inline" style="display:inline" action="configaddonmods.php?action=' . $action
                . '&amp;module=' . Html::e($name) . '">'
                . generate_token() . '<button type="submit" class="btn btn-' . ($active ? 'danger' : 'success') . ' btn-sm">'
                . ucfirst($action) . '</button></form></td></tr>';
        }
        $message = isset($_GET['result']) ? '<p class="alert alert-info">' . Html::e($_GET['result']) . '</p>' : '';
        $body = $message . '<div class="panel panel-default"><table class="table table-condensed">'
            . '<thead><tr><th>Module</th><th>Version</th><th></th></tr></thead>' . $rows . '</table></div>';
        return new Response(200, Html::page('Addon Modules', 'configaddonmods', $body));
    }

    public static function addonAction(string $action, string $name): Response
    {
        if (!AdminSession::can('Configure Addon Modules')) {
            return new Response(403, Html::page('Access Denied', 'configaddonmods', '<p>Access Denied</p>'));
        }
        check_token('WHMCS.admin.default');
        Modules::assertName($name);
        $result = match ($action) {
            'activate' => Addons::activate($name, [], [(int) AdminSession::current()->roleid]),
            'deactivate' => Addons::deactivate($name),
            default => ['status' => 'error', 'description' => 'Unknown action'],
        };
        $summary = $result['status'] . ': ' . $result['description'];
        return Response::redirect('configaddonmods.php?result=' . rawurlencode($summary));
    }

    public static function addonOutput(string $name): Response
    {
        Modules::assertName($name);
        if (!Addons::isActive($name) || !Addons::adminMayUse($name)) {
            $denied = '<p>You do not have access to this addon module.</p>';
            return new Response(403, Html::page('Access Denied', 'addonmodules', $denied));
        }
        if ($_SERVER['REQUEST_METHOD'] === 'POST') {
            check_token('WHMCS.admin.default');
        }
        $config = Addons::config($name);
        $title = (string) ($config['name'] ?? $name);
        return new Response(200, Html::page($title, 'addonmodules', Addons::output($name)));
    }
}
