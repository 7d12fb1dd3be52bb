<?php

declare(strict_types=1);

namespace Harness\Admin;

use Harness\AdminSession;
use Harness\Hooks;

/**
 * The admin area frame around every page: Debian's jQuery, the WHMCS JavaScript helpers widgets
 * call (assets/harness.js), and the output of the AdminAreaHeadOutput, AdminAreaHeaderOutput and
 * AdminAreaFooterOutput hooks (developers.whmcs.com hooks-reference "Output").
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
        $nav = $admin === null ? '' : '<nav><a href="index.php">Dashboard</a>'
            . ' | <a href="configregistrars.php">Domain Registrars</a>'
            . ' | <a href="configaddonmods.php">Addon Modules</a>'
            . ' | <a href="logout.php">Logout ' . self::e($admin->username) . '</a></nav>';
        $jsToken = json_encode($token, JSON_HEX_TAG | JSON_HEX_AMP | JSON_HEX_APOS | JSON_HEX_QUOT);
        return '<!DOCTYPE html><html><head><meta charset="utf-8"><title>' . self::e($title) . ' - WHMCS harness</title>'
            . '<script src="/assets/jquery.min.js"></script>'
            . '<script>var csrfToken = ' . $jsToken . ';</script>'
            . '<script src="/assets/harness.js"></script>' . $head . '</head><body>' . $header . $nav
            . '<div id="contentarea"><h1>' . self::e($title) . '</h1>' . $body . '</div>' . $footer . '</body></html>';
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
            'password' => '<input type="password" name="' . $n . '" value="" autocomplete="off" placeholder="'
                . ($value === '' ? '' : '(saved; leave empty to keep)') . '">',
            'yesno' => '<input type="checkbox" name="' . $n . '"' . ($value !== '' ? ' checked' : '') . '>',
            'textarea' => '<textarea name="' . $n . '" rows="' . (int) ($field['Rows'] ?? 3) . '" cols="'
                . (int) ($field['Cols'] ?? 50) . '">' . self::e($value) . '</textarea>',
            'dropdown' => '<select name="' . $n . '">' . implode('', array_map(
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
            default => '<input type="text" name="' . $n . '" value="' . self::e($value) . '"'
                . ' size="' . (int) ($field['Size'] ?? 25) . '">',
        };
        return '<tr><th>' . self::e($field['FriendlyName'] ?? $name) . '</th><td>' . $input . ' <small>'
            . self::e($field['Description'] ?? '') . '</small></td></tr>';
    }
}
