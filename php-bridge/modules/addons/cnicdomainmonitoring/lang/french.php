<?php

$_ADDONLANG['resolved'] = 'Le cas est résolu et sa tâche terminée.';
$_ADDONLANG['notOpen'] = "Ce cas n'est pas ouvert.";
$_ADDONLANG['intro'] = "Lorsque le renouvellement ou le transfert d'un domaine échoue parce qu'il est devenu premium, ou parce que son prix premium a changé, le client a été facturé d'un montant erroné. Chaque cas ci-dessous a une tâche et les étapes pour le facturer correctement.";
$_ADDONLANG['noIssues'] = 'Aucun problème détecté.';
$_ADDONLANG['openCases'] = 'Cas ouverts';
$_ADDONLANG['domain'] = 'Domaine';
$_ADDONLANG['failed'] = 'Échec';
$_ADDONLANG['why'] = 'Raison';
$_ADDONLANG['oldPrice'] = 'Ancien prix';
$_ADDONLANG['newPrice'] = 'Nouveau prix';
$_ADDONLANG['since'] = 'Depuis';
$_ADDONLANG['renewal'] = 'renouvellement';
$_ADDONLANG['transfer'] = 'transfert';
$_ADDONLANG['became_premium'] = 'devenu premium';
$_ADDONLANG['premium_price_changed'] = 'prix premium modifié';
$_ADDONLANG['fixNow'] = 'Corriger';
$_ADDONLANG['markResolved'] = 'Marquer comme résolu';
