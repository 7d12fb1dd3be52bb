<?php

declare(strict_types=1);

namespace Harness;

/**
 * A request arrived without the admin session's CSRF token. WHMCS stops such a request; the
 * harness throws so that tests can observe the refusal and the page server can answer 403.
 */
final class TokenRefused extends \RuntimeException
{
}
