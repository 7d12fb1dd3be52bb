<?php

declare(strict_types=1);

namespace WHMCS\Results;

/**
 * The ArrayObject based list GetTldPricing returns, holding ImportItem objects
 * (developers.whmcs.com "TLD & Pricing Sync").
 */
class ResultsList extends \ArrayObject
{
}
