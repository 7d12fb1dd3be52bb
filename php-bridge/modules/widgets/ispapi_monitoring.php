<?php

/**
 * Dashboard widget "ISPAPI Domain Monitoring": what is out of step between the registrar
 * (HEXONET ISPAPI / CentralNic Reseller) and WHMCS, one line per case with its count, and a
 * dialog per case to see the domains, download them and fix them in resumable batches.
 *
 * The cases, their rules and fixes are the core's (monitor_* functions); this file reads the
 * request, checks the admin's token and permission, and renders. Installed next to the
 * registrar module: modules/widgets/ispapi_monitoring.php and modules/registrars/ispapi/.
 */

declare(strict_types=1);

namespace WHMCS\Module\Widget;

// phpcs:disable PSR1.Files.SideEffects

use IspapiCore\Core;
use IspapiCore\Exception as CoreFailure;
use IspapiCore\Monitor;
use IspapiCore\Monitoring;
use WHMCS\Config\Setting;

if (!\defined('WHMCS')) {
    die('This file cannot be accessed directly');
}

require_once __DIR__ . '/../registrars/ispapi/lib/autoload.php';

final class IspapiMonitoringWidget extends \WHMCS\Module\AbstractWidget
{
    public const ID = 'IspapiMonitoringWidget';
    /** Setting: "0" when an admin switched the widget off (as the original widget kept it). */
    public const STATUS = 'IspapiMonitoringWidgetstatus';
    /** Setting: seconds a check is shown before the registrar is asked again (default 300). */
    public const MAX_AGE = 'IspapiMonitoringWidgetCacheSeconds';
    /** The permission that fixing needs; admins without it see the cases but cannot fix. */
    public const FIX_PERMISSION = 'Edit Clients Domains';
    /** Items listed in the dialog; the CSV has them all. */
    private const SHOWN = 500;

    protected $title = 'ISPAPI Domain Monitoring';
    protected $description = 'Differences between the registrar and WHMCS, and their fixes';
    protected $weight = 150;
    protected $columns = 1;
    protected $cache = false;
    protected $requiredPermission = 'View Clients Domains';

    private ?Monitor $monitor = null;
    private ?Monitoring $monitoring = null;

    public function getData()
    {
        $action = (string) \App::getFromRequest('monitoring');
        if ($action !== '') {
            return ['action' => $this->act($action)];
        }
        if ($this->adminUser !== null && \in_array(self::ID, $this->adminUser->hiddenWidgets, true)) {
            return ['status' => 'hidden'];
        }
        if (Setting::getValue(self::STATUS) === '0') {
            return ['status' => 'off', 'can_fix' => $this->canFix()];
        }
        $data = ['status' => 'on', 'can_fix' => $this->canFix(), 'cases' => [], 'errors' => [], 'skipped' => []];
        try {
            $snapshot = $this->monitoring()->snapshot(self::maxAge(), $this->refreshRequested());
        } catch (CoreFailure $e) {
            return ['error' => $e->getMessage()] + $data;
        }
        foreach ($snapshot['cases'] as $case) {
            $data['cases'][] = [
                'id' => $case['id'],
                'title' => $case['title'],
                'count' => $case['count'],
                'job' => Monitoring::openJob($case['id']),
            ];
        }
        $data['errors'] = $snapshot['errors'] ?? [];
        $data['skipped'] = $snapshot['skipped'] ?? [];
        $data['checked_at'] = (int) ($snapshot['generated_at'] ?? time());
        return $data;
    }

    public function generateOutput($data)
    {
        if (isset($data['action'])) {
            return json_encode($data['action'], JSON_INVALID_UTF8_SUBSTITUTE | JSON_PARTIAL_OUTPUT_ON_ERROR);
        }
        if ($data['status'] === 'hidden') {
            return '';
        }
        $canFix = !empty($data['can_fix']);
        $toggle = $canFix ? self::toggleButton($data['status'] === 'on') : '';
        // The dialog's script sends this token with every action (WHMCS's jqClient adds none).
        $html = '<div class="ispapi-monitoring widget-content-padded" data-widget-id="' . self::ID . '"'
            . ' data-token="' . self::e(self::token()) . '">';
        if ($data['status'] === 'off') {
            return $html . '<p class="note">The monitoring is switched off.</p>' . $toggle . '</div>';
        }
        if (isset($data['error'])) {
            $html .= '<div class="alert alert-warning ispapi-monitoring-error">' . self::e($data['error']) . '</div>';
        }
        foreach ($data['errors'] as $error) {
            $html .= '<div class="alert alert-warning ispapi-monitoring-error">Not all cases could be checked: '
                . self::e($error) . '</div>';
        }
        if ($data['cases'] === [] && !isset($data['error']) && $data['errors'] === []) {
            $html .= '<div class="item text-center ispapi-monitoring-ok">'
                . '<div class="data color-green">No issues detected.</div><div class="note">Check Result</div></div>';
        }
        foreach ($data['cases'] as $case) {
            $job = $case['job'];
            $resume = $job === null ? '' : ' <small class="ispapi-monitoring-resume">(fix stopped at '
                . (int) $job['percent'] . ' %: open Details! to resume)</small>';
            $html .= '<div class="alert alert-danger ispapi-monitoring-case" data-case="' . self::e($case['id']) . '">'
                . '<button type="button" class="btn btn-default btn-xs" data-monitoring-details="'
                . self::e($case['id']) . '">Details!</button> <b class="ispapi-monitoring-count">'
                . (int) $case['count'] . '</b> ' . self::e($case['title']) . $resume . '</div>';
        }
        foreach ($data['skipped'] as $skipped) {
            $html .= '<p class="note ispapi-monitoring-skipped"><small>' . self::e($skipped['id']) . ': '
                . self::e($skipped['reason']) . '</small></p>';
        }
        if (isset($data['checked_at'])) {
            $checked = gmdate('Y-m-d H:i', $data['checked_at']);
            $runtime = '';
            try {
                $runtime = ' &middot; <span class="ispapi-monitoring-runtime">runs through '
                    . self::e(Core::shared()->runtimePath()) . '</span>';
            } catch (\Throwable $e) {
                // The check ran, so the core did too; a failure here only drops the note.
            }
            $html .= '<p class="note"><small>Checked ' . self::e($checked) . ' UTC' . $runtime . '</small></p>';
        }
        return $html . $toggle . '</div>';
    }

    /**
     * Whether the panel's Refresh asked for a new check: only a POST with the session's token
     * counts (WHMCS ends a POST without it), so a link or an image on a page the admin opens
     * cannot make the widget check every domain again.
     */
    private function refreshRequested(): bool
    {
        if ((string) \App::getFromRequest('refresh') === '' || !self::isPost()) {
            return false;
        }
        check_token('WHMCS.admin.default');
        return true;
    }

    private static function isPost(): bool
    {
        return ($_SERVER['REQUEST_METHOD'] ?? '') === 'POST';
    }

    /** @return array<string, mixed> the answer to an action request (JSON for the dialog) */
    private function act(string $action): array
    {
        // A GET can be made by a link or an image; and a token can leak through a URL.
        if (!self::isPost()) {
            return ['error' => 'This action needs a POST request.'];
        }
        // Every action needs the session's token; WHMCS ends the request without it.
        check_token('WHMCS.admin.default');
        $permissions = $this->permissions();
        if (!\in_array($this->requiredPermission, $permissions, true)) {
            return ['error' => 'Your admin role may not view domains.'];
        }
        $writes = ['status', 'start', 'batch'];
        if (\in_array($action, $writes, true) && !\in_array(self::FIX_PERMISSION, $permissions, true)) {
            return ['error' => 'Your admin role may view the monitoring but not fix: it needs the permission "'
                . self::FIX_PERMISSION . '".'];
        }
        try {
            return match ($action) {
                'status' => $this->setStatus((string) \App::getFromRequest('value')),
                'details' => $this->details((string) \App::getFromRequest('case')),
                'start' => $this->start((string) \App::getFromRequest('case')),
                'batch' => $this->batch((int) \App::getFromRequest('job')),
                'csv' => $this->csv((string) \App::getFromRequest('case'), (string) \App::getFromRequest('job')),
                default => ['error' => 'Unknown action'],
            };
        } catch (CoreFailure | \InvalidArgumentException $e) {
            return ['error' => $e->getMessage()];
        }
    }

    private function setStatus(string $value): array
    {
        if (!\in_array($value, ['0', '1'], true)) {
            return ['error' => 'The status is 0 or 1'];
        }
        Setting::setValue(self::STATUS, $value);
        return ['success' => true, 'status' => (int) $value];
    }

    /** The dialog of a case: its description and domains, escaped here, and its open job. */
    private function details(string $caseId): array
    {
        $case = Monitoring::findCase($this->monitoring()->snapshot(self::maxAge()), $caseId);
        $job = Monitoring::openJob($caseId);
        if ($case === null && $job === null) {
            return ['error' => 'This case has no domains any more. Close the dialog to refresh the widget.'];
        }
        $items = $case['items'] ?? [];
        $list = '';
        foreach (\array_slice($items, 0, self::SHOWN) as $item) {
            $list .= '<li>' . self::e($item['domain']) . '</li>';
        }
        $more = \count($items) > self::SHOWN
            ? '<p class="note">… and ' . (\count($items) - self::SHOWN) . ' more: the CSV lists them all.</p>' : '';
        $html = '<p class="description">' . self::e($case['description'] ?? '') . '</p>'
            . '<ul class="ispapi-monitoring-items">' . $list . '</ul>' . $more;
        return [
            'case' => $caseId,
            'title' => (\count($items) ?: ($job['total'] ?? 0)) . ' ' . ($case['title'] ?? $caseId),
            'html' => $html,
            'count' => \count($items),
            'job' => $job,
            'can_fix' => $this->canFix(),
        ];
    }

    private function start(string $caseId): array
    {
        $job = $this->monitoring()->startJob($caseId, (int) ($this->adminUser?->id ?? 0), self::maxAge());
        return $job === null ? ['error' => 'Nothing to fix: the case has no domains any more.'] : ['job' => $job];
    }

    private function batch(int $jobId): array
    {
        $job = Monitoring::progress($jobId);
        $batch = 10;
        foreach ($this->monitor()->core()->call('monitor_cases', ['api' => $this->monitor()->api()]) as $case) {
            if ($case['id'] === $job['case']) {
                $batch = (int) $case['batch'];
            }
        }
        $progress = $this->monitoring()->runBatch($jobId, $batch);
        $failed = [];
        foreach ($progress['results'] as $r) {
            if ($r['status'] === 'failed') {
                $failed[] = ['domain' => $r['domain'], 'message' => $r['message']];
            }
        }
        unset($progress['results']);
        return $progress + ['failed_items' => $failed];
    }

    private function csv(string $caseId, string $job): array
    {
        return $this->monitoring()->csv($caseId, $job === '' ? null : (int) $job, self::maxAge());
    }

    private function monitor(): Monitor
    {
        return $this->monitor ??= Monitor::forRegistrar();
    }

    private function monitoring(): Monitoring
    {
        return $this->monitoring ??= new Monitoring($this->monitor());
    }

    private function canFix(): bool
    {
        return \in_array(self::FIX_PERMISSION, $this->permissions(), true);
    }

    /** @return list<string> the logged-in admin's permission names */
    private function permissions(): array
    {
        try {
            $admin = localAPI('GetAdminDetails', []);
        } catch (\Throwable) {
            return [];
        }
        return ($admin['result'] ?? '') === 'success' ? explode(',', (string) $admin['allowedpermissions']) : [];
    }

    /** The admin session's CSRF token, as WHMCS's generate_token('plain') gives it. */
    private static function token(): string
    {
        try {
            return (string) generate_token('plain');
        } catch (\Throwable) {
            return ''; // no admin session (a render from the command line): no action to send
        }
    }

    private static function maxAge(): int
    {
        $value = (int) (Setting::getValue(self::MAX_AGE) ?? 300);
        return $value > 0 ? $value : 300;
    }

    private static function toggleButton(bool $on): string
    {
        return '<p><button type="button" class="btn btn-link btn-xs" data-monitoring-status="'
            . ($on ? '0' : '1') . '">'
            . ($on ? 'Switch the monitoring off' : 'Switch the monitoring on') . '</button></p>';
    }

    private static function e(mixed $text): string
    {
        return htmlspecialchars((string) $text, ENT_QUOTES | ENT_SUBSTITUTE, 'UTF-8');
    }

    /** The dialog's script and style, added to the dashboard's head once. */
    public static function assets(): string
    {
        return <<<'HTML'
<style>
.ispapi-monitoring-items{max-height:12em;overflow:auto}
#ispapi-mon-dialog .progress-bar{min-width:2.5em}
.ispapi-monitoring-case .btn{margin-right:6px}
</style>
<script>
(function (window, $) {
    'use strict';
    var widget = 'IspapiMonitoringWidget';
    var state = {caseId: null, job: null, running: false, stop: false};

    // WHMCS.http.jqClient posts exactly the data it is given, so the session's token (which
    // the widget renders into its panel) goes into every request's data.
    function token() {
        return $('.ispapi-monitoring[data-token]').first().attr('data-token') || '';
    }

    function call(params) {
        var url = WHMCS.adminUtils.getAdminRouteUrl('/widget/refresh&widget=' + widget);
        return $.Deferred(function (d) {
            WHMCS.http.jqClient.post(url, $.extend({token: token()}, params), function (data) {
                var out;
                try {
                    out = JSON.parse(data.widgetOutput);
                } catch (e) {
                    d.reject('unexpected answer');
                    return;
                }
                if (out && out.error) {
                    d.reject(out.error);
                } else {
                    d.resolve(out);
                }
            }, 'json').fail(function (xhr) {
                d.reject('HTTP ' + xhr.status);
            });
        }).promise();
    }

    // A Bootstrap 3 modal, as WHMCS's admin dialogs are (WHMCS loads Bootstrap's script).
    function dialog() {
        var el = $('#ispapi-mon-dialog');
        if (el.length) {
            return el;
        }
        el = $('<div id="ispapi-mon-dialog" class="modal" tabindex="-1" role="dialog" aria-labelledby="ispapi-mon-title">'
            + '<div class="modal-dialog" role="document"><div class="modal-content">'
            + '<div class="modal-header"><button type="button" class="close" data-mon="close" aria-label="Close">'
            + '<span aria-hidden="true">&times;</span></button><h4 class="modal-title" id="ispapi-mon-title"></h4></div>'
            + '<div class="modal-body"><div class="ispapi-mon-body"></div>'
            + '<div class="progress hidden" id="ispapi-mon-progress"><div class="progress-bar progress-bar-success"'
            + ' role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow="0" style="width:0%">0 %</div></div>'
            + '<p class="ispapi-mon-status" aria-live="polite"></p><ul class="ispapi-mon-failed text-danger"></ul></div>'
            + '<div class="modal-footer ispapi-mon-buttons">'
            + '<button type="button" class="btn btn-default" data-mon="close">Close</button> '
            + '<button type="button" class="btn btn-default" data-mon="csv">'
            + '<span class="glyphicon glyphicon-download-alt" aria-hidden="true"></span> CSV</button> '
            + '<button type="button" class="btn btn-warning hidden" data-mon="stop">Stop</button> '
            + '<button type="button" class="btn btn-primary" data-mon="fix">Fix this!</button>'
            + '</div></div></div></div>');
        $('body').append(el);
        // However it closes (the buttons, Esc): stop a running fix and show the widget anew.
        el.on('hidden.bs.modal', closed);
        return el;
    }

    function show() {
        dialog().modal({backdrop: 'static', show: true});
    }

    function status(text) {
        dialog().find('.ispapi-mon-status').text(text);
    }

    function progress(job) {
        var bar = dialog().find('.progress-bar');
        dialog().find('#ispapi-mon-progress').removeClass('hidden');
        bar.css('width', job.percent + '%').attr('aria-valuenow', job.percent).text(job.percent + ' %')
            .toggleClass('progress-bar-striped active', !job.finished);
        status(job.done + ' of ' + job.total + ' done (' + job.fixed + ' fixed, ' + job.failed + ' failed)'
            + (job.finished ? '. Finished.' : ''));
    }

    function buttons() {
        var d = dialog();
        d.find('[data-mon=stop]').toggleClass('hidden', !state.running);
        d.find('[data-mon=fix]').prop('disabled', state.running || !state.canFix || (state.job && state.job.finished))
            .text(state.job && !state.job.finished ? 'Resume' : 'Fix this!');
    }

    function open(caseId) {
        state = {caseId: caseId, job: null, running: false, stop: false, canFix: false};
        var d = dialog();
        d.find('#ispapi-mon-title').text('Loading …');
        d.find('.ispapi-mon-body').empty();
        d.find('.ispapi-mon-failed').empty();
        d.find('#ispapi-mon-progress').addClass('hidden');
        d.find('.progress-bar').css('width', '0%').attr('aria-valuenow', 0).text('0 %');
        status('');
        buttons();
        show();
        call({monitoring: 'details', 'case': caseId}).then(function (out) {
            d.find('#ispapi-mon-title').text(out.title);
            // Built and escaped by the widget: domain names and texts are never HTML here.
            d.find('.ispapi-mon-body').html(out.html);
            state.job = out.job;
            state.canFix = out.can_fix;
            if (out.job) {
                progress(out.job);
            }
            if (!out.can_fix) {
                status('You may view these domains; fixing needs another admin role.');
            }
            buttons();
        }, function (error) {
            status(String(error));
        });
    }

    function failed(items) {
        var list = dialog().find('.ispapi-mon-failed');
        $.each(items || [], function (_, item) {
            list.append($('<li>').text(item.domain + ': ' + item.message));
        });
    }

    function loop() {
        if (state.stop) {
            state.running = false;
            status('Stopped. Resume continues where it stopped.');
            buttons();
            return;
        }
        call({monitoring: 'batch', job: state.job.id}).then(function (job) {
            state.job = job;
            progress(job);
            failed(job.failed_items);
            if (job.finished) {
                state.running = false;
                buttons();
            } else if (job.busy) {
                status('Another request is fixing this case; waiting …');
                window.setTimeout(loop, 2000);
            } else if (job.stopped) {
                state.running = false;
                status((job.error || 'The registrar asked to try again later')
                    + '. Resume continues where it stopped.');
                buttons();
            } else {
                loop();
            }
        }, function (error) {
            state.running = false;
            status('The request failed (' + error + '). Resume continues where it stopped.');
            buttons();
        });
    }

    function fix() {
        state.running = true;
        state.stop = false;
        buttons();
        call({monitoring: 'start', 'case': state.caseId}).then(function (out) {
            state.job = out.job;
            progress(out.job);
            loop();
        }, function (error) {
            state.running = false;
            status(String(error));
            buttons();
        });
    }

    function csv() {
        var params = {monitoring: 'csv', 'case': state.caseId};
        if (state.job) {
            params.job = state.job.id;
        }
        call(params).then(function (out) {
            var blob = new Blob([out.text], {type: 'text/csv;charset=utf-8'});
            var a = document.createElement('a');
            a.href = URL.createObjectURL(blob);
            a.download = out.filename;
            document.body.appendChild(a);
            a.click();
            window.setTimeout(function () {
                URL.revokeObjectURL(a.href);
                a.remove();
            }, 1000);
        }, function (error) {
            status(String(error));
        });
    }

    function closed() {
        state.stop = true;
        window.refreshWidget(widget, '');
    }

    $(document).on('click', '[data-monitoring-details]', function (e) {
        e.preventDefault();
        open($(this).attr('data-monitoring-details'));
    });
    $(document).on('click', '[data-monitoring-status]', function (e) {
        e.preventDefault();
        call({monitoring: 'status', value: $(this).attr('data-monitoring-status')}).then(function () {
            window.refreshWidget(widget, '');
        }, function (error) {
            window.alert(String(error));
        });
    });
    $(document).on('click', '#ispapi-mon-dialog [data-mon]', function (e) {
        e.preventDefault();
        var what = $(this).attr('data-mon');
        if (what === 'close') {
            dialog().modal('hide');
        } else if (what === 'csv') {
            csv();
        } else if (what === 'stop') {
            state.stop = true;
        } else if (what === 'fix') {
            fix();
        }
    });
}(window, window.jQuery));
</script>
HTML;
    }
}

add_hook('AdminHomeWidgets', 1, static function () {
    return new IspapiMonitoringWidget();
});

add_hook('AdminAreaHeadOutput', 1, static function (array $vars) {
    if (($vars['filename'] ?? '') === 'index' || ($vars['pagetitle'] ?? '') === 'Dashboard') {
        return IspapiMonitoringWidget::assets();
    }
    return null;
});
