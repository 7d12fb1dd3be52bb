<?php

/**
 * CNIC Domain Monitoring: when the renewal or transfer of an ISPAPI or CNR domain fails because
 * the domain became premium or its premium price changed, the admin gets a WHMCS to-do item with
 * the old and new price and the steps to invoice it correctly; this page lists those cases with
 * their "Fix Now" guide. The check itself is the core's (PremiumCheck); hooks.php runs it.
 *
 * Installed as modules/addons/cnicdomainmonitoring/ next to modules/registrars/ispapi/.
 */

declare(strict_types=1);

// phpcs:disable PSR1.Files.SideEffects

use WHMCS\Module\Addon\Cnicdomainmonitoring\Cases;

if (!defined('WHMCS')) {
    die('This file cannot be accessed directly');
}

require_once __DIR__ . '/../../registrars/ispapi/lib/autoload.php';
require_once __DIR__ . '/lib/Cases.php';

function cnicdomainmonitoring_config(): array
{
    return [
        'name' => 'CNIC Domain Monitoring',
        'description' => 'A to-do item for each renewal or transfer of an ISPAPI or CNR domain that failed because'
            . ' the domain became premium or its premium price changed, with the steps to invoice it correctly.',
        'version' => '1.0.0',
        'author' => 'ISPAPI core',
        'language' => 'english',
        'fields' => [
            'todo' => [
                'FriendlyName' => 'To-do items',
                'Type' => 'yesno',
                'Default' => 'on',
                'Description' => 'Add a WHMCS to-do item for each case',
            ],
        ],
    ];
}

function cnicdomainmonitoring_activate(): array
{
    try {
        Cases::createTable();
    } catch (\Throwable $e) {
        return ['status' => 'error', 'description' => 'The table could not be created: ' . $e->getMessage()];
    }
    return [
        'status' => 'success',
        'description' => 'CNIC Domain Monitoring is active. Give the Full Administrator role access to it.',
    ];
}

function cnicdomainmonitoring_deactivate(): array
{
    try {
        Cases::dropTable();
    } catch (\Throwable $e) {
        return ['status' => 'error', 'description' => 'The table could not be removed: ' . $e->getMessage()];
    }
    return ['status' => 'success', 'description' => 'CNIC Domain Monitoring and its cases are removed.'];
}

function cnicdomainmonitoring_output(array $vars): void
{
    $e = static fn (mixed $text): string => htmlspecialchars((string) $text, ENT_QUOTES | ENT_SUBSTITUTE, 'UTF-8');
    // WHMCS passes the admin's language file as _lang; a key it lacks falls back to English.
    $_ADDONLANG = [];
    include __DIR__ . '/lang/english.php';
    $lang = (array) ($vars['_lang'] ?? []) + $_ADDONLANG;
    $t = static fn (string $key): string => $e($lang[$key] ?? $key);
    $link = (string) $vars['modulelink'];
    if (($_SERVER['REQUEST_METHOD'] ?? 'GET') === 'POST' && ($_POST['resolve'] ?? '') !== '') {
        check_token('WHMCS.admin.default');
        $done = Cases::resolve((int) $_POST['resolve']);
        echo '<div class="alert alert-' . ($done ? 'success">' . $t('resolved') : 'warning">' . $t('notOpen')) . '</div>';
    }
    echo '<p class="lead small">' . $t('intro') . '</p>';
    $cases = Cases::open();
    if ($cases === []) {
        echo '<div class="alert alert-success cnic-monitoring-ok">' . $t('noIssues') . '</div>';
        return;
    }
    // A panel around a condensed table, as WHMCS's own admin lists are laid out.
    echo '<div class="panel panel-default"><div class="panel-heading"><h3 class="panel-title">' . $t('openCases')
        . ' <span class="badge">' . \count($cases) . '</span></h3></div>'
        . '<table class="table table-condensed table-striped table-hover cnic-monitoring-cases"><thead><tr><th>'
        . $t('domain') . '</th><th>' . $t('failed') . '</th><th>' . $t('why') . '</th><th>' . $t('oldPrice')
        . '</th><th>' . $t('newPrice') . '</th><th>' . $t('since') . '</th><th></th></tr></thead><tbody>';
    foreach ($cases as $case) {
        $domainLink = 'clientsdomains.php?userid=' . (int) $case->user_id . '&id=' . (int) $case->domain_id;
        echo '<tr data-case="' . (int) $case->id . '">'
            . '<td><a href="' . $e($domainLink) . '">' . $e($case->domain) . '</a></td>'
            . '<td>' . $t((string) $case->kind) . '</td>'
            . '<td><span class="label label-warning">' . $t((string) $case->reason) . '</span></td>'
            . '<td>' . $e($case->old_price) . '</td>'
            . '<td>' . $e($case->new_price) . ' <small>' . $e($case->class) . '</small></td>'
            . '<td>' . $e($case->updated) . '</td>'
            . '<td><details class="cnic-monitoring-fix"><summary class="btn btn-primary btn-sm">' . $t('fixNow') . '</summary>'
            . '<div class="cnic-monitoring-steps well well-sm">' . nl2br($e($case->description)) . '</div>'
            . '<form method="post" action="' . $e($link) . '">' . generate_token()
            . '<input type="hidden" name="resolve" value="' . (int) $case->id . '">'
            . '<button type="submit" class="btn btn-default btn-sm">' . $t('markResolved') . '</button></form>'
            . '</details></td></tr>';
    }
    echo '</tbody></table></div>';
}
