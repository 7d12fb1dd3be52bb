<?php

// The addon page's texts (WHMCS loads lang/<admin language>.php into $vars['_lang']).
$_ADDONLANG['resolved'] = 'The case is resolved and its to-do item completed.';
$_ADDONLANG['notOpen'] = 'That case is not open.';
$_ADDONLANG['intro'] = 'When the renewal or transfer of a domain fails because it became premium, or because its premium price changed, the customer was invoiced the wrong amount. Each case below has a to-do item and the steps to invoice it correctly.';
$_ADDONLANG['noIssues'] = 'No issues detected.';
$_ADDONLANG['openCases'] = 'Open cases';
$_ADDONLANG['domain'] = 'Domain';
$_ADDONLANG['failed'] = 'Failed';
$_ADDONLANG['why'] = 'Why';
$_ADDONLANG['oldPrice'] = 'Old price';
$_ADDONLANG['newPrice'] = 'New price';
$_ADDONLANG['since'] = 'Since';
$_ADDONLANG['renewal'] = 'renewal';
$_ADDONLANG['transfer'] = 'transfer';
$_ADDONLANG['became_premium'] = 'became premium';
$_ADDONLANG['premium_price_changed'] = 'premium price changed';
$_ADDONLANG['fixNow'] = 'Fix Now';
$_ADDONLANG['markResolved'] = 'Mark as resolved';
