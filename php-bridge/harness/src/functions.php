<?php

/**
 * The global functions WHMCS makes available to modules, hooks and widgets, with WHMCS's names
 * and signatures (developers.whmcs.com "Logging", "Internal API", "Hooks").
 */

declare(strict_types=1);

// phpcs:disable PSR1.Files.SideEffects

use Harness\AdminSession;
use Harness\Crypto;
use Harness\Hooks;
use Harness\LocalApi;
use Harness\Logs;

if (!function_exists('localAPI')) {
    /**
     * @param array<string, mixed> $values
     * @return array<string, mixed>
     */
    function localAPI($command, $values = [], $adminUser = '')
    {
        return LocalApi::call((string) $command, (array) $values, (string) $adminUser);
    }

    /**
     * @param string|array<mixed> $requestString
     * @param string|array<mixed> $responseData
     * @param string|array<mixed> $processedData
     * @param array<mixed> $replaceVars
     */
    function logModuleCall($module, $action, $requestString, $responseData, $processedData = '', $replaceVars = [])
    {
        return Logs::moduleCall(
            (string) $module,
            (string) $action,
            $requestString ?? '',
            $responseData ?? '',
            $processedData ?? '',
            (array) $replaceVars
        );
    }

    function logActivity($message, $userId = 0)
    {
        Logs::activity((string) $message, (int) $userId);
    }

    function add_hook($hookPoint, $priority, $function)
    {
        Hooks::add((string) $hookPoint, (int) $priority, $function);
    }

    function encrypt($string)
    {
        return Crypto::encrypt((string) $string);
    }

    function decrypt($string)
    {
        return Crypto::decrypt((string) $string);
    }

    /**
     * The admin session's CSRF token: "plain" gives the token, "link" "&token=…" for a URL,
     * anything else (the default "form") a hidden form field named "token".
     */
    function generate_token($type = 'form')
    {
        $token = AdminSession::token();
        return match ($type) {
            'plain' => $token,
            'link' => '&token=' . $token,
            default => '<input type="hidden" name="token" value="' . htmlspecialchars($token, ENT_QUOTES) . '" />',
        };
    }

    /** Refuses the request (throws Harness\TokenRefused) unless it carries the session's token. */
    function check_token($namespace = 'WHMCS.default')
    {
        $given = $_POST['token'] ?? $_GET['token'] ?? null;
        AdminSession::checkToken(is_string($given) ? $given : null);
    }
}
