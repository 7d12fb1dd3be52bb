<?php

$_ADDONLANG['resolved'] = 'Der Fall ist erledigt und seine Aufgabe abgeschlossen.';
$_ADDONLANG['notOpen'] = 'Dieser Fall ist nicht offen.';
$_ADDONLANG['intro'] = 'Schlägt die Verlängerung oder der Transfer einer Domain fehl, weil sie Premium wurde oder sich ihr Premium-Preis geändert hat, wurde dem Kunden der falsche Betrag berechnet. Zu jedem Fall unten gibt es eine Aufgabe und die Schritte, um ihn richtig abzurechnen.';
$_ADDONLANG['noIssues'] = 'Keine Probleme gefunden.';
$_ADDONLANG['openCases'] = 'Offene Fälle';
$_ADDONLANG['domain'] = 'Domain';
$_ADDONLANG['failed'] = 'Fehlgeschlagen';
$_ADDONLANG['why'] = 'Grund';
$_ADDONLANG['oldPrice'] = 'Alter Preis';
$_ADDONLANG['newPrice'] = 'Neuer Preis';
$_ADDONLANG['since'] = 'Seit';
$_ADDONLANG['renewal'] = 'Verlängerung';
$_ADDONLANG['transfer'] = 'Transfer';
$_ADDONLANG['became_premium'] = 'wurde Premium';
$_ADDONLANG['premium_price_changed'] = 'Premium-Preis geändert';
$_ADDONLANG['fixNow'] = 'Jetzt beheben';
$_ADDONLANG['markResolved'] = 'Als erledigt markieren';
