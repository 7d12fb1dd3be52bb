<?php

declare(strict_types=1);

namespace WHMCS\Exception\Module;

/**
 * Thrown by a module's `_config_validate($params)` to refuse settings on save; WHMCS shows the
 * message on the settings page and keeps the old settings.
 */
class InvalidConfiguration extends \Exception
{
}
