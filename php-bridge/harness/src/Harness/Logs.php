<?php

declare(strict_types=1);

namespace Harness;

use WHMCS\Config\Setting;
use WHMCS\Database\Capsule;

/**
 * The module log (tblmodulelog) and the activity log (tblactivitylog).
 *
 * Module log facts: entries are written only while module logging is enabled (the
 * "ModuleDebugMode" setting); every string passed in $replaceVars is replaced wherever it occurs
 * in the request, response and processed data by as many "*" as it has characters
 * (developers.whmcs.com "Module Logging"; WHMCS/developer-docs issue #251).
 */
final class Logs
{
    /**
     * @param string|array<mixed> $request
     * @param string|array<mixed> $response
     * @param string|array<mixed> $processed
     * @param array<mixed> $replaceVars
     */
    public static function moduleCall(
        string $module,
        string $action,
        string|array $request,
        string|array $response,
        string|array $processed = '',
        array $replaceVars = []
    ): bool {
        if (!Setting::getValue('ModuleDebugMode')) {
            return false;
        }
        $masks = [];
        foreach ($replaceVars as $secret) {
            $secret = (string) $secret;
            if ($secret !== '') {
                $masks[$secret] = str_repeat('*', strlen($secret));
            }
        }
        // Longer secrets first, so a secret containing a shorter one is masked whole.
        uksort($masks, static fn (string $a, string $b): int => strlen($b) <=> strlen($a));
        $mask = static fn (string|array $data): string => strtr(self::text($data), $masks);
        Capsule::table('tblmodulelog')->insert([
            'date' => date('Y-m-d H:i:s'),
            'module' => $module,
            'action' => $action === '' ? 'Unknown' : $action,
            'request' => $mask($request),
            'response' => $mask($response),
            'arrdata' => $mask($processed),
        ]);
        return true;
    }

    public static function activity(string $message, int $clientId = 0): void
    {
        $admin = AdminSession::current();
        Capsule::table('tblactivitylog')->insert([
            'date' => date('Y-m-d H:i:s'),
            'description' => $message,
            'user' => $admin?->username ?? 'System',
            'userid' => $clientId,
            'user_id' => 0,
            'admin_id' => $admin?->id ?? 0,
            'ipaddr' => (string) ($_SERVER['REMOTE_ADDR'] ?? ''),
        ]);
    }

    /** Arrays are stored as print_r renders them, strings as they are. */
    private static function text(string|array $data): string
    {
        return is_array($data) ? print_r($data, true) : $data;
    }
}
