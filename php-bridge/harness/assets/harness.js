/*
 * The WHMCS admin JavaScript helpers that widgets and addons call, for the harness pages:
 * WHMCS.adminUtils.getAdminRouteUrl(path), WHMCS.http.jqClient.post(...) and
 * refreshWidget(name, requestString).
 *
 * jqClient.post sends exactly the data it is given and adds no CSRF token, as WHMCS's own
 * helper (a jQuery.ajax POST of the given data) does: WHMCS's admin scripts pass
 * `token: csrfToken` in the data themselves, and so must a module's script.
 */
(function (window, $) {
    'use strict';

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
                    data = null;
                }
                return $.ajax({url: url, type: 'POST', data: data, success: success, dataType: dataType});
            }
        }
    };

    // As WHMCS 8's dashboard script: the token in the data, the request string in the URL.
    window.refreshWidget = function (widgetName, requestString) {
        var body = $('.panel[data-widget="' + widgetName + '"] .panel-body');
        var url = WHMCS.adminUtils.getAdminRouteUrl('/widget/refresh&widget=' + encodeURIComponent(widgetName) + '&' + (requestString || ''));
        return WHMCS.http.jqClient.post(url, {token: window.csrfToken}, function (data) {
            body.html(data.widgetOutput);
        }, 'json');
    };

    $(function () {
        $(document).on('click', '.widget-refresh', function (event) {
            event.preventDefault();
            window.refreshWidget($(this).data('widget'), 'refresh=1');
        });
    });
}(window, window.jQuery));
