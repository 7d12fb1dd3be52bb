<?php

declare(strict_types=1);

namespace Harness\Admin;

use Harness\AdminSession;
use Harness\Hooks;

/**
 * The admin area frame around every page: Debian's jQuery and Bootstrap 3 (WHMCS's admin area is
 * built on both; its templates are not public, so the frame is the harness's: a top navigation
 * bar and the page in #contentarea), the WHMCS JavaScript helpers widgets call
 * (assets/harness.js), a stand-in for WHMCS's admin stylesheet (assets/admin.css: the classes
 * WHMCS's own widgets use, unverified in detail), and the output of the AdminAreaHeadOutput,
 * AdminAreaHeaderOutput and AdminAreaFooterOutput hooks (developers.whmcs.com hooks-reference
 * "Output").
 */
final class Html
{
    public static function e(mixed $text): string
    {
        return htmlspecialchars((string) $text, ENT_QUOTES | ENT_SUBSTITUTE, 'UTF-8');
    }

    public static function page(string $title, string $filename, string $body): string
    {
        $admin = AdminSession::current();
        $vars = [
            'charset' => 'UTF-8',
            'template' => 'harness',
            'pagetemplate' => '',
            'adminid' => $admin?->id ?? 0,
            'admin_username' => $admin?->username ?? '',
            'admin_notes' => $admin?->notes ?? '',
            'admin_perms' => AdminSession::permissions(),
            'addon_modules' => [],
            'filename' => $filename,
            'pagetitle' => $title,
            'helplink' => '',
            'jquerycode' => '',
            'jscode' => '',
        ];
        $head = implode("\n", array_map('strval', Hooks::run('AdminAreaHeadOutput', $vars)));
        $header = implode("\n", array_map('strval', Hooks::run('AdminAreaHeaderOutput', $vars)));
        $footer = implode("\n", array_map('strval', Hooks::run('AdminAreaFooterOutput', $vars)));
        $token = $admin === null ? '' : AdminSession::token();
        $links = '';
        foreach (['index' => ['index.php', 'Dashboard'], 'configregistrars' => ['configregistrars.php', 'Domain Registrars'],
            'configaddonmods' => ['configaddonmods.php', 'Addon Modules']] as $page => [$href, $label]) {
            $links .= '<li' . ($page === $filename ? ' class="active"' : '') . '><a href="' . $href . '">' . $label . '</a></li>';
        }
        $nav = '<nav class="navbar navbar-inverse navbar-static-top" id="top-nav"><div class="container-fluid">'
            . '<div class="navbar-header"><a class="navbar-brand" href="index.php">WHMCS <small>harness</small></a></div>'
            . ($admin === null ? '' : '<ul class="nav navbar-nav">' . $links . '</ul>'
                . '<ul class="nav navbar-nav navbar-right"><li><a href="logout.php">'
                . '<span class="glyphicon glyphicon-log-out" aria-hidden="true"></span> Logout '
                . self::e($admin->username) . '</a></li></ul>')
            . '</div></nav>';
        $jsToken = json_encode($token, JSON_HEX_TAG | JSON_HEX_AMP | JSON_HEX_APOS | JSON_HEX_QUOT);
        return '<!DOCTYPE html><html><head><meta charset="utf-8">'
            . '<meta name="viewport" content="width=device-width, initial-scale=1">'
            . '<title>' . self::e($title) . ' - WHMCS harness</title>'
            . '<link href="/assets/bootstrap/css/bootstrap.min.css" rel="stylesheet">'
            . '<link href="/assets/admin.css" rel="stylesheet">'
            . '<script src="/assets/jquery.min.js"></script>'
            . '<script src="/assets/bootstrap/js/bootstrap.min.js"></script>'
            . '<script>var csrfToken = ' . $jsToken . ';</script>'
            . '<script src="/assets/harness.js"></script>' . $head . '</head><body class="page-' . self::e($filename) . '">'
            . $header . $nav . '<div id="contentarea" class="container-fluid"><h1>' . self::e($title) . '</h1>' . $body
            . '</div>' . $footer . '</body></html>';
    }

    /**
     * A settings form field for a module configuration field (Type text, password, yesno,
     * dropdown, radio or textarea). Password fields are never echoed back.
     *
     * @param array<string, mixed> $field
     */
    public static function field(string $name, array $field, string $value): string
    {
        $n = self::e($name);
        $type = strtolower((string) ($field['Type'] ?? 'text'));
        $options = $field['Options'] ?? [];
        if (is_string($options)) {
            $list = explode(',', $options);
            $options = array_combine($list, $list);
        }
        $input = match ($type) {
            'password' => '<input type="password" name="' . $n . '" value="" class="form-control input-inline" autocomplete="off" placeholder="'
                . ($value === '' ? '' : '(saved; leave empty to keep)') . '">',
            'yesno' => '<input type="checkbox" name="' . $n . '"' . ($value !== '' ? ' checked' : '') . '>',
            'textarea' => '<textarea name="' . $n . '" class="form-control" rows="' . (int) ($field['Rows'] ?? 3) . '" cols="'
                . (int) ($field['Cols'] ?? 50) . '">' . self::e($value) . '</textarea>',
            'dropdown' => '<select name="' . $n . '" class="form-control select-inline">' . implode('', array_map(
                static fn ($k, $label): string => '<option value="' . self::e($k) . '"'
                    . ((string) $k === $value ? ' selected' : '') . '>' . self::e($label) . '</option>',
                array_keys($options),
                $options
            )) . '</select>',
            'radio' => implode(' ', array_map(
                static fn ($k, $label): string => '<label><input type="radio" name="' . $n . '"'
                    . ' value="' . self::e($k) . '"' . ((string) $k === $value ? ' checked' : '') . '> '
                    . self::e($label) . '</label>',
                array_keys($options),
                $options
            )),
            default => '<input type="text" name="' . $n . '" value="' . self::e($value) . '" class="form-control input-inline"'
                . ' size="' . (int) ($field['Size'] ?? 25) . '">',
        };
        return '<tr><td class="fieldlabel">' . self::e($field['FriendlyName'] ?? $name) . '</td><td class="fieldarea">'
            . $input . ' <small class="text-muted">' . self::e($field['Description'] ?? '') . '</small></td></tr>';
    }
}
