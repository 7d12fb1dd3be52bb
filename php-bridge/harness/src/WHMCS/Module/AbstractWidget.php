<?php

declare(strict_types=1);

namespace WHMCS\Module;

use WHMCS\Database\Capsule;
use WHMCS\User\Admin;

/**
 * Base class of admin dashboard widgets (developers.whmcs.com "Widgets", class
 * WHMCS\Module\AbstractWidget). render() gives generateOutput(getData()); with $cache on, the
 * data is kept for $cacheExpiry seconds (per admin when $cachePerUser) in tbltransientdata and a
 * refresh request bypasses it.
 */
abstract class AbstractWidget
{
    protected $title = '';
    protected $description = '';
    protected $weight = 100;
    protected $columns = 1;
    protected $cache = false;
    protected $cachePerUser = false;
    protected $cacheExpiry = 3600;
    protected $requiredPermission = '';
    protected $wrapper = true;
    protected $draggable = true;

    /** The logged-in admin, set by the dashboard before getData() runs. */
    protected ?Admin $adminUser = null;

    public function getId(): string
    {
        $class = static::class;
        $slash = strrpos($class, '\\');
        return $slash === false ? $class : substr($class, $slash + 1);
    }

    public function getTitle()
    {
        return $this->title;
    }

    public function getDescription()
    {
        return $this->description;
    }

    public function getColumnSize()
    {
        return (int) $this->columns;
    }

    public function getWeight()
    {
        return (int) $this->weight;
    }

    public function showWrapper()
    {
        return (bool) $this->wrapper;
    }

    public function isCachable()
    {
        return (bool) $this->cache;
    }

    public function isCachedPerUser()
    {
        return (bool) $this->cachePerUser;
    }

    public function getCacheExpiry()
    {
        return (int) $this->cacheExpiry;
    }

    public function getRequiredPermission()
    {
        return (string) $this->requiredPermission;
    }

    public function isDraggable()
    {
        return (bool) $this->draggable;
    }

    public function getData()
    {
        return [];
    }

    public function generateOutput($data)
    {
        return '';
    }

    public function sanitizeData($data)
    {
        throw \Harness\NotModelled::because('AbstractWidget::sanitizeData()');
    }

    /** The harness sets the logged-in admin before rendering, as the dashboard does. */
    public function setAdminUser(?Admin $admin): void
    {
        $this->adminUser = $admin;
    }

    public function render($forceRefresh = false)
    {
        if (!$this->isCachable()) {
            return (string) $this->generateOutput($this->getData());
        }
        $key = 'widget.' . $this->getId() . ($this->isCachedPerUser() ? '.' . ($this->adminUser?->id ?? 0) : '');
        $cached = $forceRefresh ? null : Capsule::table('tbltransientdata')
            ->where('name', $key)->where('expires', '>', time())->value('data');
        if ($cached !== null) {
            $data = unserialize((string) $cached);
        } else {
            $data = $this->getData();
            Capsule::table('tbltransientdata')->where('name', $key)->delete();
            Capsule::table('tbltransientdata')->insert([
                'name' => $key,
                'data' => serialize($data),
                'expires' => time() + $this->getCacheExpiry(),
            ]);
        }
        return (string) $this->generateOutput($data);
    }
}
