<?php

declare(strict_types=1);

namespace WHMCS;

/**
 * WHMCS's date class: Carbon (Debian's php-nesbot-carbon, Carbon 2), as in
 * developers.whmcs.com "Date Functions" and the GetDomainInformation example.
 */
class Carbon extends \Carbon\Carbon
{
}
