<?php

declare(strict_types=1);

namespace WHMCS\User;

use Illuminate\Database\Eloquent\Model;

/**
 * An admin user (tbladmins). Widgets see the logged-in one as $this->adminUser.
 *
 * @property int $id
 * @property string $username
 * @property-read list<string> $hiddenWidgets
 */
class Admin extends Model
{
    protected $table = 'tbladmins';
    protected $hidden = ['password'];

    /** @return list<string> ids of the widgets this admin has hidden on the dashboard */
    public function getHiddenWidgetsAttribute(): array
    {
        return array_values(array_filter(explode(',', (string) ($this->attributes['hidden_widgets'] ?? ''))));
    }
}
