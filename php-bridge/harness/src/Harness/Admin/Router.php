<?php

declare(strict_types=1);

namespace Harness\Admin;

use Harness\AdminSession;
use Harness\TokenRefused;

/**
 * Routes the page server's requests to the admin pages, by WHMCS's admin file names. Every
 * admin page needs a logged-in admin; every POST other than the login needs the CSRF token.
 */
final class Router
{
    private const PAGES_CHECKING_TOKEN = ['configregistrars.php', 'configaddonmods.php', 'addonmodules.php'];

    /**
     * WHMCS's admin area is Bootstrap 3 with jQuery: Debian's libjs-jquery and libjs-bootstrap
     * (3.4.1, with its Glyphicons), the WHMCS helpers (harness.js) and the harness's stand-in for
     * WHMCS's own admin stylesheet (admin.css).
     */
    private const ASSETS = [
        '/assets/jquery.min.js' => '/usr/share/javascript/jquery/jquery.min.js',
        '/assets/bootstrap/css/bootstrap.min.css' => '/usr/share/javascript/bootstrap/css/bootstrap.min.css',
        '/assets/bootstrap/js/bootstrap.min.js' => '/usr/share/javascript/bootstrap/js/bootstrap.min.js',
        '/assets/bootstrap/fonts/glyphicons-halflings-regular.woff2' => '/usr/share/javascript/bootstrap/fonts/glyphicons-halflings-regular.woff2',
        '/assets/bootstrap/fonts/glyphicons-halflings-regular.woff' => '/usr/share/javascript/bootstrap/fonts/glyphicons-halflings-regular.woff',
        '/assets/bootstrap/fonts/glyphicons-halflings-regular.ttf' => '/usr/share/javascript/bootstrap/fonts/glyphicons-halflings-regular.ttf',
        '/assets/harness.js' => __DIR__ . '/../../../assets/harness.js',
        '/assets/admin.css' => __DIR__ . '/../../../assets/admin.css',
    ];

    private const TYPES = [
        'js' => 'application/javascript',
        'css' => 'text/css',
        'woff2' => 'font/woff2',
        'woff' => 'font/woff',
        'ttf' => 'font/ttf',
    ];

    public static function handle(string $method, string $uri): Response
    {
        $path = (string) parse_url($uri, PHP_URL_PATH);
        if (isset(self::ASSETS[$path])) {
            $file = self::ASSETS[$path];
            if (!is_file($file)) {
                return new Response(404, "$file is missing: scripts/setup installs it", ['Content-Type' => 'text/plain']);
            }
            $type = self::TYPES[pathinfo($file, PATHINFO_EXTENSION)];
            return new Response(200, (string) file_get_contents($file), ['Content-Type' => $type]);
        }
        if ($path === '/' || $path === '/admin' || $path === '/admin/') {
            return Response::redirect('/admin/index.php');
        }
        if ($path === '/clientarea.php') {
            return \Harness\ClientArea::serve($method, $_GET, $_POST);
        }
        if (!str_starts_with($path, '/admin/')) {
            return new Response(404, 'Not Found', ['Content-Type' => 'text/plain']);
        }
        $page = substr($path, strlen('/admin/'));
        try {
            if ($page === 'login.php') {
                return self::login($method);
            }
            if (AdminSession::current() === null) {
                return Response::redirect('login.php');
            }
            // Pages that check the token themselves do so after their permission check.
            if ($method === 'POST' && !in_array($page, self::PAGES_CHECKING_TOKEN, true)) {
                check_token('WHMCS.admin.default');
            }
            return match ($page) {
                'index.php' => self::index(),
                'logout.php' => self::logout(),
                'configregistrars.php' => $method === 'POST' && ($_GET['action'] ?? '') === 'save'
                    ? ModulePages::saveRegistrar((string) ($_GET['module'] ?? ''))
                    : ModulePages::registrars(),
                'configaddonmods.php' => $method === 'POST'
                    ? ModulePages::addonAction((string) ($_GET['action'] ?? ''), (string) ($_GET['module'] ?? ''))
                    : ModulePages::addonList(),
                'addonmodules.php' => ModulePages::addonOutput((string) ($_GET['module'] ?? '')),
                default => new Response(404, Html::page('Not Found', 'notfound', '<p>No such admin page</p>')),
            };
        } catch (TokenRefused $e) {
            return new Response(403, Html::page('Invalid Token', 'error', '<p>' . Html::e($e->getMessage()) . '</p>'));
        } catch (\InvalidArgumentException $e) {
            return new Response(400, Html::page('Bad Request', 'error', '<p>' . Html::e($e->getMessage()) . '</p>'));
        }
    }

    private static function index(): Response
    {
        $route = (string) ($_GET['rp'] ?? '');
        if ($route === '') {
            return Dashboard::page();
        }
        if ($route === '/admin/widget/refresh') {
            if ($_SERVER['REQUEST_METHOD'] !== 'POST') {
                return Response::json(['success' => false, 'error' => 'POST required'], 405);
            }
            return Dashboard::refresh((string) ($_GET['widget'] ?? ''));
        }
        return Response::json(['success' => false, 'error' => 'Unknown route'], 404);
    }

    private static function login(string $method): Response
    {
        $error = '';
        if ($method === 'POST') {
            if (AdminSession::login((string) ($_POST['username'] ?? ''), (string) ($_POST['password'] ?? ''))) {
                return Response::redirect('index.php');
            }
            $error = '<p class="alert alert-danger">Login Details Incorrect</p>';
        }
        $form = '<div class="login-box panel panel-default"><div class="panel-body">' . $error
            . '<form method="post" action="login.php">'
            . '<div class="form-group"><label for="username">Username</label>'
            . '<input id="username" name="username" class="form-control" autofocus></div>'
            . '<div class="form-group"><label for="password">Password</label>'
            . '<input id="password" type="password" name="password" class="form-control"></div>'
            . '<button type="submit" class="btn btn-primary btn-block">Login</button></form></div></div>';
        return new Response($error === '' ? 200 : 401, Html::page('Login', 'login', $form));
    }

    private static function logout(): Response
    {
        AdminSession::logout();
        return Response::redirect('login.php');
    }
}
