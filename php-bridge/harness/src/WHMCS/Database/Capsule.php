<?php

declare(strict_types=1);

namespace WHMCS\Database;

use Illuminate\Database\Capsule\Manager;

/**
 * WHMCS's Capsule (developers.whmcs.com "Interacting with the Database"): Laravel's database
 * manager, so Capsule::table(), Capsule::schema() and Capsule::connection() are Illuminate's own
 * (Debian's php-illuminate-database), here on the harness root's SQLite file.
 */
class Capsule extends Manager
{
}
