<?php

declare(strict_types=1);

namespace Harness\Admin;

use Harness\AdminSession;
use Harness\Hooks;
use Harness\ModuleAutoloader;
use Harness\Modules;
use Harness\Runtime;
use WHMCS\Module\AbstractWidget;
use WHMCS\User\Admin;

/**
 * The admin dashboard (admin/index.php): every PHP file in modules/widgets is loaded, widgets
 * come from the AdminHomeWidgets hook (developers.whmcs.com "Widgets") and from classes named
 * after their file in the WHMCS\Module\Widget namespace (how WHMCS's shipped widgets are found);
 * those the admin lacks the required permission for are left out; the rest are ordered by weight.
 *
 * A widget refreshes through index.php?rp=/admin/widget/refresh&widget=ID (POST, with the CSRF
 * token), answering {"success": true, "widgetOutput": "..."}: the route and answer that public
 * widgets call through WHMCS.adminUtils.getAdminRouteUrl('/widget/refresh&widget=' + id).
 */
final class Dashboard
{
    /** @return list<AbstractWidget> */
    public static function widgets(): array
    {
        $files = glob(Runtime::current()->root . '/modules/widgets/*.php') ?: [];
        $byId = [];
        foreach ($files as $file) {
            Modules::includeOnce($file);
        }
        foreach (Hooks::run('AdminHomeWidgets') as $widget) {
            if ($widget instanceof AbstractWidget) {
                $byId[$widget->getId()] ??= $widget;
            }
        }
        foreach ($files as $file) {
            $class = 'WHMCS\\Module\\Widget\\' . ModuleAutoloader::studly(basename($file, '.php'));
            if (class_exists($class, false) && is_subclass_of($class, AbstractWidget::class)) {
                $widget = new $class();
                $byId[$widget->getId()] ??= $widget;
            }
        }
        $admin = AdminSession::current() === null ? null : Admin::query()->find(AdminSession::current()->id);
        $widgets = [];
        foreach ($byId as $widget) {
            if (AdminSession::can($widget->getRequiredPermission())) {
                $widget->setAdminUser($admin);
                $widgets[] = $widget;
            }
        }
        usort($widgets, static fn (AbstractWidget $a, AbstractWidget $b): int => $a->getWeight() <=> $b->getWeight());
        return $widgets;
    }

    public static function page(): Response
    {
        $panels = '';
        foreach (self::widgets() as $widget) {
            $panels .= self::panel($widget);
        }
        if ($panels === '') {
            $panels = '<p>No widgets.</p>';
        }
        $body = '<div id="widgets" class="row home-widgets-container">' . $panels . '</div>';
        return new Response(200, Html::page('Dashboard', 'index', $body));
    }

    public static function refresh(string $id): Response
    {
        foreach (self::widgets() as $widget) {
            if ($widget->getId() === $id) {
                return Response::json(['success' => true, 'widgetOutput' => self::render($widget, true)]);
            }
        }
        return Response::json(['success' => false, 'error' => 'Widget not found'], 404);
    }

    private static function panel(AbstractWidget $widget): string
    {
        $id = Html::e($widget->getId());
        $body = self::render($widget, false);
        // A widget's $columns (1 to 3) is its share of a three-column grid on wide screens.
        $columns = max(1, min(3, $widget->getColumnSize()));
        $cell = '<div class="col-sm-' . min(12, 6 * $columns) . ' col-md-' . (4 * $columns) . ' widget-cell">';
        if (!$widget->showWrapper()) {
            return $cell . '<div data-widget="' . $id . '">' . $body . '</div></div>';
        }
        return $cell . '<div class="panel panel-default widget-' . strtolower($id) . '" id="panel' . $id . '"'
            . ' data-widget="' . $id . '" data-columns="' . $widget->getColumnSize() . '">'
            . '<div class="panel-heading"><h3 class="panel-title">' . Html::e($widget->getTitle()) . '</h3>'
            . '<div class="widget-tools"><a href="#" class="widget-refresh" data-widget="' . $id . '" title="Refresh">'
            . '<span class="glyphicon glyphicon-refresh" aria-hidden="true"></span><span class="sr-only">Refresh</span></a></div>'
            . '</div><div class="panel-body">' . $body . '</div></div></div>';
    }

    /** A widget that throws shows the error in its panel, as the rest of the dashboard still renders. */
    private static function render(AbstractWidget $widget, bool $forceRefresh): string
    {
        try {
            return (string) $widget->render($forceRefresh);
        } catch (\Throwable $e) {
            return '<div class="widget-error">' . Html::e(get_class($e) . ': ' . $e->getMessage()) . '</div>';
        }
    }
}
