<?php

declare(strict_types=1);

namespace WHMCS\Config;

use Illuminate\Database\Eloquent\Model;

/**
 * A system setting, one tblconfiguration row. Setting::getValue() returns null for a setting
 * that has never been set.
 */
class Setting extends Model
{
    protected $table = 'tblconfiguration';
    protected $primaryKey = 'setting';
    protected $keyType = 'string';
    public $incrementing = false;
    protected $fillable = ['setting', 'value'];

    public static function getValue(string $setting): mixed
    {
        $value = static::query()->where('setting', $setting)->value('value');
        return $value === null ? null : (string) $value;
    }

    public static function setValue(string $setting, mixed $value): void
    {
        $row = static::query()->firstOrNew(['setting' => $setting]);
        $row->value = (string) $value;
        $row->save();
        if (isset($GLOBALS['CONFIG']) && is_array($GLOBALS['CONFIG'])) {
            $GLOBALS['CONFIG'][$setting] = $row->value;
        }
    }
}
