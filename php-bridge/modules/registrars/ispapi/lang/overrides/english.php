<?php

/**
 * The additional domain fields' texts in this file's language, from the core (fields_lang).
 * WHMCS reads an admin's lang/overrides/<language>.php; include this file from there (README,
 * "Additional domain fields"). Texts the admin sets in that file are kept.
 */

if (!defined('WHMCS')) {
    die('This file cannot be accessed directly');
}

require_once dirname(__DIR__, 2) . '/lib/autoload.php';

// WHMCS includes language files inside a method: $_LANG is that scope's variable.
$_LANG = \IspapiCore\DomainFields::withTexts(basename(__FILE__, '.php'), isset($_LANG) && is_array($_LANG) ? $_LANG : []);
