<?php

declare(strict_types=1);

namespace Harness;

use WHMCS\Config\Setting;
use WHMCS\Database\Capsule;

/**
 * localAPI() commands that modules use, answering with the shapes of the WHMCS API reference
 * (developers.whmcs.com/api-reference/<command>). List results nest as WHMCS's do
 * (clients.client[], domains.domain[], currencies.currency[], activity.entry[]). A command the
 * harness does not implement throws NotModelled instead of answering.
 */
final class LocalApi
{
    private const COMMANDS = [
        'getclientsdetails' => 'getClientsDetails',
        'getclients' => 'getClients',
        'addclient' => 'addClient',
        'getclientsdomains' => 'getClientsDomains',
        'updateclientdomain' => 'updateClientDomain',
        'domainupdatelockingstatus' => 'domainUpdateLockingStatus',
        'gettldpricing' => 'getTldPricing',
        'getcurrencies' => 'getCurrencies',
        'getpaymentmethods' => 'getPaymentMethods',
        'getactivitylog' => 'getActivityLog',
        'logactivity' => 'logActivity',
        'getmoduleconfigurationparameters' => 'getModuleConfigurationParameters',
        'getconfigurationvalue' => 'getConfigurationValue',
        'setconfigurationvalue' => 'setConfigurationValue',
        'gettodoitems' => 'getToDoItems',
        'encryptpassword' => 'encryptPassword',
        'decryptpassword' => 'decryptPassword',
        'getadmindetails' => 'getAdminDetails',
    ];

    /**
     * @param array<string, mixed> $values
     * @return array<string, mixed>
     */
    public static function call(string $command, array $values, string $adminUser = ''): array
    {
        $method = self::COMMANDS[strtolower($command)] ?? null;
        if ($method === null) {
            throw NotModelled::because("localAPI command '$command'");
        }
        if ($adminUser !== '' && !Capsule::table('tbladmins')->where('username', $adminUser)->exists()) {
            throw new \InvalidArgumentException("localAPI: no admin user named '$adminUser'");
        }
        return $method === 'getAdminDetails' ? self::getAdminDetails($adminUser) : self::$method($values);
    }

    /** @return array{result: string, message: string} */
    private static function error(string $message): array
    {
        return ['result' => 'error', 'message' => $message];
    }

    /** @param array<string, mixed> $v */
    private static function getClientsDetails(array $v): array
    {
        if (!empty($v['stats'])) {
            throw NotModelled::because('GetClientsDetails stats (invoices, orders, tickets)');
        }
        if (empty($v['clientid']) && empty($v['email'])) {
            return self::error('Either clientid Or email Is Required');
        }
        $query = Capsule::table('tblclients');
        $client = !empty($v['clientid'])
            ? $query->where('id', (int) $v['clientid'])->first()
            : $query->where('email', (string) $v['email'])->first();
        if ($client === null) {
            return self::error('Client Not Found');
        }
        $currency = Capsule::table('tblcurrencies')->where('id', $client->currency)->value('code');
        $details = [
            'client_id' => (int) $client->id,
            'userid' => (int) $client->id,
            'id' => (int) $client->id,
            'uuid' => (string) $client->uuid,
        ] + Contact::fromClient($client);
        $details['state'] = (string) $client->state;
        $details += [
            'telephoneNumber' => $details['phonenumberformatted'],
            'billingcid' => (int) $client->billingcid,
            'notes' => (string) $client->notes,
            'currency' => (int) $client->currency,
            'defaultgateway' => (string) $client->defaultgateway,
            'groupid' => (int) $client->groupid,
            'status' => (string) $client->status,
            'credit' => number_format((float) $client->credit, 2, '.', ''),
            'taxexempt' => (bool) $client->taxexempt,
            'emailoptout' => (bool) $client->emailoptout,
            'marketing_emails_opt_in' => (bool) $client->marketing_emails_opt_in,
            'overrideautoclose' => (bool) $client->overrideautoclose,
            'allowSingleSignOn' => (int) $client->allow_sso,
            'email_verified' => (bool) $client->email_verified,
            'language' => (string) $client->language,
            'currency_code' => (string) $currency,
            'customfields' => [],
        ];
        // WHMCS also repeats the client's fields at the top level (deprecated there).
        return ['result' => 'success'] + $details + ['client' => $details];
    }

    /** @param array<string, mixed> $v */
    private static function getClients(array $v): array
    {
        $query = Capsule::table('tblclients');
        if (!empty($v['status'])) {
            $query->where('status', (string) $v['status']);
        }
        if (isset($v['search']) && $v['search'] !== '') {
            $term = str_replace(['%', '_'], ['\%', '\_'], (string) $v['search']) . '%';
            $query->where(static function ($q) use ($term): void {
                foreach (['email', 'firstname', 'lastname', 'companyname'] as $column) {
                    $q->orWhereRaw("$column LIKE ? ESCAPE '\\'", [$term]);
                }
                $q->orWhereRaw("(firstname || ' ' || lastname) LIKE ? ESCAPE '\\'", [$term]);
            });
        }
        $orderBy = (string) ($v['orderby'] ?? 'id');
        $orderable = ['id', 'firstname', 'lastname', 'companyname', 'email', 'groupid', 'datecreated', 'status'];
        if (!in_array($orderBy, $orderable, true)) {
            $orderBy = 'id';
        }
        $total = $query->count();
        [$start, $limit] = self::page($v);
        $rows = $query->orderBy($orderBy, strtoupper((string) ($v['sorting'] ?? 'ASC')) === 'DESC' ? 'desc' : 'asc')
            ->offset($start)->limit($limit)->get();
        $clients = [];
        foreach ($rows as $c) {
            $clients[] = [
                'id' => (int) $c->id,
                'firstname' => (string) $c->firstname,
                'lastname' => (string) $c->lastname,
                'companyname' => (string) $c->companyname,
                'email' => (string) $c->email,
                'datecreated' => (string) $c->datecreated,
                'groupid' => (int) $c->groupid,
                'status' => (string) $c->status,
            ];
        }
        return [
            'result' => 'success',
            'totalresults' => $total,
            'startnumber' => $start,
            'numreturned' => count($clients),
            'clients' => ['client' => $clients],
        ];
    }

    /** @param array<string, mixed> $v */
    private static function addClient(array $v): array
    {
        if (!empty($v['owner_user_id'])) {
            throw NotModelled::because('AddClient owner_user_id (tblusers)');
        }
        if (!empty($v['customfields'])) {
            throw NotModelled::because('AddClient customfields');
        }
        $required = [
            'firstname' => 'You did not enter your first name',
            'lastname' => 'You did not enter your last name',
            'email' => 'You did not enter your email address',
            'address1' => 'You did not enter your  address line 1',
            'city' => 'You did not enter your city',
            'state' => 'You did not enter your state',
            'postcode' => 'You did not enter your postcode',
            'country' => 'Valid country required',
            'phonenumber' => 'You did not enter your phone number',
        ];
        $skip = !empty($v['skipvalidation']);
        // api-reference/addclient.md: without owner_user_id a new user is created and password2 is
        // required; skipvalidation "does not apply to email and password2" then. The message
        // text is the harness's (unverified).
        if (trim((string) ($v['password2'] ?? '')) === '') {
            return self::error('A password is required for the new user (password2)');
        }
        foreach ($required as $field => $message) {
            if (trim((string) ($v[$field] ?? '')) === '' && (!$skip || $field === 'email')) {
                return self::error($message);
            }
        }
        if (!filter_var($v['email'], FILTER_VALIDATE_EMAIL)) {
            return self::error('The email address you entered was not valid');
        }
        if (!$skip && Data::country((string) $v['country']) === null) {
            return self::error('Valid country required');
        }
        if (Capsule::table('tblclients')->where('email', (string) $v['email'])->exists()) {
            return self::error('A user already exists with that email address');
        }
        $currency = (int) ($v['currency'] ?? 0)
            ?: (int) Capsule::table('tblcurrencies')->where('default', 1)->value('id');
        $row = ['uuid' => self::uuid(), 'currency' => $currency, 'datecreated' => date('Y-m-d')];
        $fields = ['firstname', 'lastname', 'companyname', 'email', 'address1', 'address2', 'city', 'state',
            'postcode', 'phonenumber', 'tax_id', 'language', 'notes'];
        foreach ($fields as $field) {
            $row[$field] = (string) ($v[$field] ?? '');
        }
        $row['country'] = strtoupper((string) ($v['country'] ?? ''));
        $row['groupid'] = (int) ($v['groupid'] ?? 0);
        $row['password'] = isset($v['password2']) ? password_hash((string) $v['password2'], PASSWORD_DEFAULT) : '';
        $row['marketing_emails_opt_in'] = !empty($v['marketingoptin']);
        $row['created_at'] = $row['updated_at'] = date('Y-m-d H:i:s');
        $id = Capsule::table('tblclients')->insertGetId($row);
        return ['result' => 'success', 'clientid' => $id];
    }

    /** @param array<string, mixed> $v */
    private static function getClientsDomains(array $v): array
    {
        $query = Capsule::table('tbldomains');
        if (!empty($v['clientid'])) {
            $query->where('userid', (int) $v['clientid']);
        }
        if (!empty($v['domainid'])) {
            $query->where('id', (int) $v['domainid']);
        }
        if (!empty($v['domain'])) {
            $query->where('domain', (string) $v['domain']);
        }
        $total = $query->count();
        [$start, $limit] = self::page($v);
        $domains = [];
        foreach ($query->orderBy('id')->offset($start)->limit($limit)->get() as $d) {
            $domains[] = [
                'id' => (int) $d->id,
                'userid' => (int) $d->userid,
                'orderid' => (int) $d->orderid,
                'regtype' => (string) $d->type,
                'domainname' => (string) $d->domain,
                'registrar' => (string) $d->registrar,
                'regperiod' => (int) $d->registrationperiod,
                'firstpaymentamount' => number_format((float) $d->firstpaymentamount, 2, '.', ''),
                'recurringamount' => number_format((float) $d->recurringamount, 2, '.', ''),
                'paymentmethod' => (string) $d->paymentmethod,
                // Payment gateways are not modelled: the gateway's display name is its system name.
                'paymentmethodname' => (string) $d->paymentmethod,
                'regdate' => (string) $d->registrationdate,
                'expirydate' => (string) $d->expirydate,
                'nextduedate' => (string) $d->nextduedate,
                'status' => (string) $d->status,
                'subscriptionid' => (string) $d->subscriptionid,
                'promoid' => (int) $d->promoid,
                'dnsmanagement' => (int) $d->dnsmanagement,
                'emailforwarding' => (int) $d->emailforwarding,
                'idprotection' => (int) $d->idprotection,
                'donotrenew' => (int) $d->donotrenew,
                'notes' => (string) $d->additionalnotes,
            ];
        }
        return [
            'result' => 'success',
            'clientid' => (string) ($v['clientid'] ?? ''),
            'domainid' => (string) ($v['domainid'] ?? ''),
            'totalresults' => $total,
            'startnumber' => $start,
            'numreturned' => count($domains),
            'domains' => ['domain' => $domains],
        ];
    }

    /** @param array<string, mixed> $v */
    private static function updateClientDomain(array $v): array
    {
        $id = (int) ($v['domainid'] ?? 0);
        if ($id === 0 || !Capsule::table('tbldomains')->where('id', $id)->exists()) {
            return self::error('Domain ID Not Found');
        }
        if (!empty($v['autorecalc'])) {
            throw NotModelled::because('UpdateClientDomain autorecalc (price recalculation)');
        }
        if (!empty($v['updatens'])) {
            throw NotModelled::because('UpdateClientDomain updatens (call the module\'s SaveNameservers instead)');
        }
        $columns = [
            'type' => 'type', 'regdate' => 'registrationdate', 'nextduedate' => 'nextduedate',
            'expirydate' => 'expirydate', 'domain' => 'domain', 'firstpaymentamount' => 'firstpaymentamount',
            'recurringamount' => 'recurringamount', 'registrar' => 'registrar', 'regperiod' => 'registrationperiod',
            'paymentmethod' => 'paymentmethod', 'subscriptionid' => 'subscriptionid', 'status' => 'status',
            'notes' => 'additionalnotes', 'promoid' => 'promoid',
        ];
        $update = [];
        foreach ($columns as $param => $column) {
            if (array_key_exists($param, $v)) {
                $update[$column] = $v[$param];
            }
        }
        foreach (['dnsmanagement', 'emailforwarding', 'idprotection', 'donotrenew'] as $flag) {
            if (array_key_exists($flag, $v)) {
                $update[$flag] = filter_var($v[$flag], FILTER_VALIDATE_BOOLEAN) ? 1 : 0;
            }
        }
        if ($update !== []) {
            $update['updated_at'] = date('Y-m-d H:i:s');
            Capsule::table('tbldomains')->where('id', $id)->update($update);
        }
        return ['result' => 'success', 'domainid' => $id];
    }

    /** @param array<string, mixed> $v */
    private static function domainUpdateLockingStatus(array $v): array
    {
        $id = (int) ($v['domainid'] ?? 0);
        $registrar = Capsule::table('tbldomains')->where('id', $id)->value('registrar');
        if ($registrar === null) {
            return self::error('Domain ID Not Found');
        }
        $params = Params::forDomain($id, (string) $registrar);
        $params['lockenabled'] = !empty($v['lockstatus']) ? 'locked' : 'unlocked';
        $result = Whmcs::callRegistrar('SaveRegistrarLock', $params);
        if (is_array($result) && !empty($result['error'])) {
            return self::error((string) $result['error']);
        }
        return ['result' => 'success'];
    }

    /** @param array<string, mixed> $v */
    private static function getTldPricing(array $v): array
    {
        $currencyId = (int) ($v['currencyid'] ?? 0);
        if (!empty($v['clientid'])) {
            $currencyId = (int) Capsule::table('tblclients')->where('id', (int) $v['clientid'])->value('currency');
        }
        $currency = $currencyId > 0
            ? Capsule::table('tblcurrencies')->where('id', $currencyId)->first()
            : Capsule::table('tblcurrencies')->where('default', 1)->first();
        if ($currency === null) {
            return self::error('Invalid Currency ID');
        }
        $pricing = [];
        $tlds = Capsule::table('tbldomainpricing')->orderBy('order')->orderBy('id')->get();
        foreach ($tlds as $tld) {
            $tldName = ltrim((string) $tld->extension, '.');
            $entry = [
                'tld' => $tldName,
                'categories' => [],
                'addons' => [
                    'dns' => (bool) $tld->dnsmanagement,
                    'email' => (bool) $tld->emailforwarding,
                    'idprotect' => (bool) $tld->idprotection,
                ],
                'group' => (string) $tld->group,
            ];
            $priced = false;
            foreach (Pricing::TYPES as $key => $type) {
                $row = Capsule::table('tblpricing')->where('type', $type)->where('relid', $tld->id)
                    ->where('currency', $currency->id)->first();
                $entry[$key] = $row === null ? [] : Pricing::offeredTerms($row);
                $priced = $priced || $row !== null;
            }
            $entry['grace_period'] = self::period((int) $tld->grace_period, (float) $tld->grace_period_fee);
            $entry['redemption_period'] = self::period(
                (int) $tld->redemption_grace_period,
                (float) $tld->redemption_grace_period_fee
            );
            if ($priced) {
                $pricing[$tldName] = $entry;
            }
        }
        return ['result' => 'success', 'currency' => self::currency($currency), 'pricing' => $pricing];
    }

    /** @return array{days: int, price: string}|null null when the TLD has no such period configured (-1) */
    private static function period(int $days, float $fee): ?array
    {
        return $days < 0 ? null : ['days' => $days, 'price' => number_format(max($fee, 0), 2, '.', '')];
    }

    /** @return array<string, mixed> */
    private static function currency(object $c): array
    {
        return [
            'id' => (int) $c->id,
            'code' => (string) $c->code,
            'prefix' => (string) $c->prefix,
            'suffix' => (string) $c->suffix,
            'format' => (int) $c->format,
            'rate' => number_format((float) $c->rate, 5, '.', ''),
        ];
    }

    /** @param array<string, mixed> $v */
    private static function getCurrencies(array $v): array
    {
        $rows = Capsule::table('tblcurrencies')->orderBy('id')->get()->all();
        $currencies = array_map([self::class, 'currency'], $rows);
        return [
            'result' => 'success',
            'totalresults' => count($currencies),
            'currencies' => ['currency' => $currencies],
        ];
    }

    /**
     * api-reference/getpaymentmethods.md: the activated gateways as paymentmethods.paymentmethod[]
     * {module, displayname}. Read from tblpaymentgateways, where WHMCS keeps a gateway's settings
     * one row each (the 'name' row holds the display name; its 'order' the display order).
     *
     * @param array<string, mixed> $v
     */
    private static function getPaymentMethods(array $v): array
    {
        $methods = Capsule::table('tblpaymentgateways')->where('setting', 'name')->orderBy('order')->orderBy('id')
            ->get(['gateway', 'value'])
            ->map(static fn ($row): array => ['module' => (string) $row->gateway, 'displayname' => (string) $row->value])
            ->all();
        return [
            'result' => 'success',
            'totalresults' => count($methods),
            'paymentmethods' => ['paymentmethod' => $methods],
        ];
    }

    /** @param array<string, mixed> $v */
    private static function getActivityLog(array $v): array
    {
        if (!empty($v['date'])) {
            throw NotModelled::because('GetActivityLog date filter (localised date formats)');
        }
        $query = Capsule::table('tblactivitylog');
        $clientId = (int) ($v['clientid'] ?? $v['userid'] ?? 0);
        if ($clientId > 0) {
            $query->where('userid', $clientId);
        }
        if (!empty($v['user'])) {
            $query->where('user', (string) $v['user']);
        }
        if (!empty($v['description'])) {
            $query->where('description', 'like', '%' . $v['description'] . '%');
        }
        if (!empty($v['ipaddress'])) {
            $query->where('ipaddr', (string) $v['ipaddress']);
        }
        $total = $query->count();
        [$start, $limit] = self::page($v);
        $entries = [];
        foreach ($query->orderByDesc('id')->offset($start)->limit($limit)->get() as $e) {
            $entries[] = [
                'id' => (int) $e->id,
                'clientId' => (int) $e->userid,
                'userId' => (int) $e->user_id,
                'adminId' => (int) $e->admin_id,
                'date' => (string) $e->date,
                'description' => (string) $e->description,
                'username' => (string) $e->user,
                'ipaddress' => (string) $e->ipaddr,
                'userid' => (int) $e->userid,
            ];
        }
        return [
            'result' => 'success',
            'totalresults' => $total,
            'startnumber' => $start,
            'activity' => ['entry' => $entries],
        ];
    }

    /** @param array<string, mixed> $v */
    private static function logActivity(array $v): array
    {
        if (trim((string) ($v['description'] ?? '')) === '') {
            return self::error('Description is required');
        }
        Logs::activity((string) $v['description'], (int) ($v['clientid'] ?? $v['userid'] ?? 0));
        return ['result' => 'success'];
    }

    /** @param array<string, mixed> $v */
    private static function getModuleConfigurationParameters(array $v): array
    {
        $type = strtolower((string) ($v['moduleType'] ?? ''));
        $name = (string) ($v['moduleName'] ?? '');
        if (!in_array($type, ['registrar', 'addon'], true)) {
            return self::error('Invalid module type provided. Supported module types include: registrar, addon');
        }
        $installed = Modules::installed($type === 'registrar' ? 'registrars' : 'addons');
        if (!in_array($name, $installed, true)) {
            return self::error('Invalid module name provided.');
        }
        $fields = $type === 'registrar' ? Registrars::configArray($name) : (Addons::config($name)['fields'] ?? []);
        $parameters = [];
        foreach ($fields as $key => $field) {
            $parameters[] = [
                'name' => (string) $key,
                'displayName' => (string) ($field['FriendlyName'] ?? $key),
                'fieldType' => strtolower((string) ($field['Type'] ?? 'text')),
            ];
        }
        return ['result' => 'success', 'parameters' => $parameters];
    }

    /** @param array<string, mixed> $v */
    private static function getConfigurationValue(array $v): array
    {
        $setting = (string) ($v['setting'] ?? '');
        if ($setting === '') {
            return self::error('Parameter setting is required');
        }
        return ['result' => 'success', 'setting' => $setting, 'value' => (string) Setting::getValue($setting)];
    }

    /** @param array<string, mixed> $v */
    private static function setConfigurationValue(array $v): array
    {
        $setting = (string) ($v['setting'] ?? '');
        if ($setting === '') {
            return self::error('Parameter setting is required');
        }
        if (!array_key_exists('value', $v)) {
            return self::error('Parameter value is required');
        }
        $before = Setting::getValue($setting);
        Setting::setValue($setting, (string) $v['value']);
        return ['result' => 'success', 'value_changed' => $before !== (string) $v['value']];
    }

    /** @param array<string, mixed> $v */
    private static function getToDoItems(array $v): array
    {
        $query = Capsule::table('tbltodolist');
        $status = (string) ($v['status'] ?? '');
        if ($status === 'Incomplete') {
            $query->where('status', '!=', 'Completed');
        } elseif ($status !== '') {
            $query->where('status', $status);
        }
        $total = $query->count();
        [$start, $limit] = self::page($v);
        $rows = $query->orderBy('duedate')->offset($start)->limit($limit)->get()->all();
        $items = array_map(static fn (object $row): array => (array) $row, $rows);
        $result = ['result' => 'success', 'totalresults' => $total, 'startnumber' => $start];
        if ($items !== []) {
            $result['items'] = ['item' => $items];
        }
        return $result;
    }

    /**
     * The admin the call runs as: the named one, else the logged-in one. allowedpermissions is
     * the comma-separated permission names of the admin's role.
     */
    private static function getAdminDetails(string $adminUser): array
    {
        $admin = $adminUser !== ''
            ? Capsule::table('tbladmins')->where('username', $adminUser)->first()
            : AdminSession::current();
        if ($admin === null) {
            return self::error('No admin user is logged in');
        }
        $names = Data::permissions();
        $ids = Capsule::table('tbladminperms')->where('roleid', $admin->roleid)->pluck('permid')->all();
        $allowed = array_values(array_intersect_key($names, array_flip(array_map('intval', $ids))));
        return [
            'result' => 'success',
            'adminid' => (int) $admin->id,
            'name' => trim($admin->firstname . ' ' . $admin->lastname),
            'notes' => (string) $admin->notes,
            'signature' => (string) $admin->signature,
            'allowedpermissions' => implode(',', $allowed),
            'departments' => (string) $admin->supportdepts,
            'requesttime' => date('Y-m-d H:i:s'),
        ];
    }

    /** @param array<string, mixed> $v */
    private static function encryptPassword(array $v): array
    {
        return ['result' => 'success', 'password' => Crypto::encrypt((string) ($v['password2'] ?? ''))];
    }

    /** @param array<string, mixed> $v */
    private static function decryptPassword(array $v): array
    {
        return ['result' => 'success', 'password' => Crypto::decrypt((string) ($v['password2'] ?? ''))];
    }

    /**
     * @param array<string, mixed> $v
     * @return array{int, int} offset and page size (the API's defaults: 0 and 25)
     */
    private static function page(array $v): array
    {
        return [max(0, (int) ($v['limitstart'] ?? 0)), max(1, (int) ($v['limitnum'] ?? 25))];
    }

    private static function uuid(): string
    {
        $b = random_bytes(16);
        $b[6] = chr((ord($b[6]) & 0x0f) | 0x40);
        $b[8] = chr((ord($b[8]) & 0x3f) | 0x80);
        return vsprintf('%s%s-%s-%s-%s-%s%s%s', str_split(bin2hex($b), 4));
    }
}
