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

    private const ASSETS = [
        '/assets/jquery.min.js' => '/usr/share/javascript/jquery/jquery.min.js',
        '/assets/harness.js' => __DIR__ . '/../../../assets/harness.js',
    ];

    public static function handle(string $method, string $uri): Response
    {
        $path = (string) parse_url($uri, PHP_URL_PATH);
        if (isset(self::ASSETS[$path])) {
            $script = (string) file_get_contents(self::ASSETS[$path]);
            return new Response(200, $script, ['Content-Type' => 'application/javascript']);
        }
        if ($path === '/' || $path === '/admin' || $path === '/admin/') {
            return Response::redirect('/admin/index.php');
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
        $form = $error . '<form method="post" action="login.php"><label>Username <input name="username"></label>'
            . '<label>Password <input type="password" name="password"></label>'
            . '<button type="submit">Login</button></form>';
        return new Response($error === '' ? 200 : 401, Html::page('Login', 'login', $form));
    }

    private static function logout(): Response
    {
        AdminSession::logout();
        return Response::redirect('login.php');
    }
}
