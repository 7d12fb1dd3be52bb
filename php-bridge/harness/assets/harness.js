/*
 * The WHMCS admin JavaScript helpers that widgets and addons call, for the harness pages:
 * WHMCS.adminUtils.getAdminRouteUrl(path), WHMCS.http.jqClient.post(...) (adds the CSRF token,
 * as WHMCS's client does) and refreshWidget(name, requestString).
 */
(function (window, $) {
    'use strict';

    function withToken(data) {
        if (typeof data === 'string') {
            return data + (data === '' ? '' : '&') + 'token=' + encodeURIComponent(window.csrfToken);
        }
        return $.extend({}, data || {}, { token: window.csrfToken });
    }

    var WHMCS = window.WHMCS = window.WHMCS || {};
    WHMCS.adminUtils = {
        getAdminRouteUrl: function (path) {
            return 'index.php?rp=/admin' + path;
        }
    };
    WHMCS.http = {
        jqClient: {
            post: function (url, data, success, dataType) {
                if (typeof data === 'function') {
                    dataType = success;
                    success = data;
                    data = {};
                }
                return $.post(url, withToken(data), success, dataType || 'json');
            }
        }
    };

    window.refreshWidget = function (widgetName, requestString) {
        var body = $('.panel[data-widget="' + widgetName + '"] .panel-body');
        var url = WHMCS.adminUtils.getAdminRouteUrl('/widget/refresh&widget=' + encodeURIComponent(widgetName) + '&' + (requestString || ''));
        return WHMCS.http.jqClient.post(url, function (data) {
            body.html(data.widgetOutput);
        });
    };

    $(function () {
        $(document).on('click', '.widget-refresh', function (event) {
            event.preventDefault();
            window.refreshWidget($(this).data('widget'), 'refresh=1');
        });
    });
}(window, window.jQuery));
