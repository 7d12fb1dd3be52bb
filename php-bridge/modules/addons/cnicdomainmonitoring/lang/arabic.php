<?php

$_ADDONLANG['resolved'] = 'تمت معالجة الحالة وإكمال مهمتها.';
$_ADDONLANG['notOpen'] = 'هذه الحالة غير مفتوحة.';
$_ADDONLANG['intro'] = 'عندما يفشل تجديد نطاق أو نقله لأنه أصبح مميزًا (Premium) أو لأن سعره المميز تغيّر، تكون فاتورة العميل بمبلغ خاطئ. لكل حالة أدناه مهمة والخطوات اللازمة لفوترتها بشكل صحيح.';
$_ADDONLANG['noIssues'] = 'لم يتم العثور على أي مشاكل.';
$_ADDONLANG['openCases'] = 'الحالات المفتوحة';
$_ADDONLANG['domain'] = 'النطاق';
$_ADDONLANG['failed'] = 'فشل';
$_ADDONLANG['why'] = 'السبب';
$_ADDONLANG['oldPrice'] = 'السعر القديم';
$_ADDONLANG['newPrice'] = 'السعر الجديد';
$_ADDONLANG['since'] = 'منذ';
$_ADDONLANG['renewal'] = 'تجديد';
$_ADDONLANG['transfer'] = 'نقل';
$_ADDONLANG['became_premium'] = 'أصبح مميزًا';
$_ADDONLANG['premium_price_changed'] = 'تغيّر السعر المميز';
$_ADDONLANG['fixNow'] = 'إصلاح الآن';
$_ADDONLANG['markResolved'] = 'تعليم كمُعالَجة';
