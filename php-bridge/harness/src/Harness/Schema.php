<?php

declare(strict_types=1);

namespace Harness;

use Illuminate\Database\Schema\Blueprint;
use Illuminate\Database\Schema\Builder;

/**
 * The WHMCS tables (names and columns as in WHMCS's MySQL schema) that registrar, widget and
 * addon modules touch. Types are MySQL's as far as SQLite keeps them; empty dates are
 * '0000-00-00' as WHMCS stores them.
 */
final class Schema
{
    private const NO_DATE = '0000-00-00';

    public static function create(Builder $schema): void
    {
        foreach (self::tables() as $name => $define) {
            if (!$schema->hasTable($name)) {
                $schema->create($name, $define);
            }
        }
    }

    /** @return array<string, \Closure(Blueprint): void> */
    private static function tables(): array
    {
        return [
            'tblconfiguration' => static function (Blueprint $t): void {
                $t->string('setting', 64)->primary();
                $t->text('value')->default('');
                $t->timestamps();
            },
            'tblcurrencies' => static function (Blueprint $t): void {
                $t->increments('id');
                $t->text('code');
                $t->text('prefix');
                $t->text('suffix');
                $t->integer('format')->default(1);
                $t->decimal('rate', 10, 5)->default(1);
                $t->integer('default')->default(0);
            },
            'tblclients' => static function (Blueprint $t): void {
                $t->increments('id');
                $t->string('uuid', 255)->default('');
                $t->text('firstname');
                $t->text('lastname');
                $t->text('companyname')->default('');
                $t->text('email');
                $t->text('address1')->default('');
                $t->text('address2')->default('');
                $t->text('city')->default('');
                $t->text('state')->default('');
                $t->text('postcode')->default('');
                $t->text('country')->default('');
                $t->text('phonenumber')->default('');
                $t->string('tax_id', 128)->default('');
                $t->text('password')->default('');
                $t->integer('groupid')->default(0);
                $t->decimal('credit', 16, 2)->default(0);
                $t->boolean('taxexempt')->default(false);
                $t->date('datecreated')->default(self::NO_DATE);
                $t->text('notes')->default('');
                $t->integer('billingcid')->default(0);
                $t->text('defaultgateway')->default('');
                $t->integer('currency')->default(0);
                $t->text('language')->default('');
                $t->string('status', 16)->default('Active');
                $t->dateTime('lastlogin')->nullable();
                $t->boolean('emailoptout')->default(false);
                $t->boolean('marketing_emails_opt_in')->default(false);
                $t->boolean('overrideautoclose')->default(false);
                $t->boolean('allow_sso')->default(true);
                $t->boolean('email_verified')->default(false);
                $t->timestamps();
            },
            'tbladminroles' => static function (Blueprint $t): void {
                $t->increments('id');
                $t->text('name');
                $t->text('widgets')->default('');
            },
            'tbladminperms' => static function (Blueprint $t): void {
                $t->increments('id');
                $t->integer('roleid');
                $t->integer('permid');
            },
            'tbladmins' => static function (Blueprint $t): void {
                $t->increments('id');
                $t->string('uuid', 255)->default('');
                $t->integer('roleid');
                $t->text('username');
                $t->text('password');
                $t->text('firstname')->default('');
                $t->text('lastname')->default('');
                $t->text('email')->default('');
                $t->text('signature')->default('');
                $t->text('notes')->default('');
                $t->text('template')->default('blend');
                $t->text('language')->default('english');
                $t->boolean('disabled')->default(false);
                $t->text('supportdepts')->default('');
                $t->text('hidden_widgets')->default('');
                $t->timestamps();
            },
            // A payment gateway's settings, one row per setting ('name' = its display name,
            // 'type', 'visible'); the columns public modules query. Activating a gateway writes them.
            'tblpaymentgateways' => static function (Blueprint $t): void {
                $t->increments('id');
                $t->text('gateway');
                $t->text('setting');
                $t->text('value')->default('');
                $t->integer('order')->default(0);
            },
            'tbldomains' => static function (Blueprint $t): void {
                $t->increments('id');
                $t->integer('userid');
                $t->integer('orderid')->default(0);
                $t->string('type', 16)->default('Register');
                $t->date('registrationdate')->default(self::NO_DATE);
                $t->text('domain');
                $t->decimal('firstpaymentamount', 16, 2)->default(0);
                $t->decimal('recurringamount', 16, 2)->default(0);
                $t->text('registrar')->default('');
                $t->integer('registrationperiod')->default(1);
                $t->date('expirydate')->default(self::NO_DATE);
                $t->text('subscriptionid')->default('');
                $t->integer('promoid')->default(0);
                $t->string('status', 32)->default('Pending');
                $t->date('nextduedate')->default(self::NO_DATE);
                $t->date('nextinvoicedate')->default(self::NO_DATE);
                $t->text('additionalnotes')->default('');
                $t->text('paymentmethod')->default('');
                $t->boolean('dnsmanagement')->default(false);
                $t->boolean('emailforwarding')->default(false);
                $t->boolean('idprotection')->default(false);
                $t->boolean('is_premium')->nullable();
                $t->boolean('donotrenew')->default(false);
                $t->text('reminders')->default('');
                $t->boolean('synced')->default(false);
                $t->timestamps();
            },
            // The columns of WHMCS's tblorders that a module reads: the nameservers the client
            // chose at order time (comma-separated) and the transfer's auth code.
            'tblorders' => static function (Blueprint $t): void {
                $t->increments('id');
                $t->text('ordernum')->default('');
                $t->integer('userid');
                $t->dateTime('date')->nullable();
                $t->text('nameservers')->default('');
                $t->text('transfersecret')->default('');
                $t->text('paymentmethod')->default('');
                $t->text('status')->default('Pending');
                $t->text('notes')->default('');
            },
            'tbldomains_extra' => static function (Blueprint $t): void {
                $t->increments('id');
                $t->integer('domain_id');
                $t->string('name', 32);
                $t->text('value');
                $t->timestamps();
                $t->unique(['domain_id', 'name']);
            },
            'tbldomainsadditionalfields' => static function (Blueprint $t): void {
                $t->increments('id');
                $t->integer('domainid');
                $t->text('name');
                $t->text('value');
                $t->timestamps();
            },
            // Client custom fields (Setup > Client Custom Fields, type 'client') and their
            // values per client (relid); the columns a module reads.
            'tblcustomfields' => static function (Blueprint $t): void {
                $t->increments('id');
                $t->text('type');
                $t->integer('relid')->default(0);
                $t->text('fieldname');
                $t->text('fieldtype')->default('text');
                $t->text('description')->default('');
                $t->text('fieldoptions')->default('');
                $t->text('regexpr')->default('');
                $t->text('adminonly')->default('');
                $t->text('required')->default('');
                $t->text('showorder')->default('');
                $t->text('showinvoice')->default('');
                $t->integer('sortorder')->default(0);
                $t->timestamps();
            },
            'tblcustomfieldsvalues' => static function (Blueprint $t): void {
                $t->increments('id');
                $t->integer('fieldid');
                $t->integer('relid');
                $t->text('value');
                $t->timestamps();
            },
            'tbldomainpricing' => static function (Blueprint $t): void {
                $t->increments('id');
                $t->text('extension');
                $t->boolean('dnsmanagement')->default(false);
                $t->boolean('emailforwarding')->default(false);
                $t->boolean('idprotection')->default(false);
                $t->boolean('eppcode')->default(false);
                $t->text('autoreg')->default('');
                $t->integer('order')->default(0);
                $t->string('group', 5)->default('');
                $t->integer('grace_period')->default(-1);
                $t->decimal('grace_period_fee', 10, 2)->default(-1);
                $t->integer('redemption_grace_period')->default(-1);
                $t->decimal('redemption_grace_period_fee', 10, 2)->default(-1);
                $t->timestamps();
            },
            'tblpricing' => static function (Blueprint $t): void {
                $t->increments('id');
                $t->string('type', 32);
                $t->integer('currency');
                $t->integer('relid');
                foreach (Pricing::COLUMNS as $column) {
                    $t->decimal($column, 16, 2)->default(0);
                }
                foreach (['tsetupfee', 'triennially'] as $column) {
                    $t->decimal($column, 16, 2)->default(0);
                }
            },
            'tblregistrars' => static function (Blueprint $t): void {
                $t->increments('id');
                $t->text('registrar');
                $t->text('setting');
                $t->text('value');
            },
            'tbladdonmodules' => static function (Blueprint $t): void {
                $t->text('module');
                $t->text('setting');
                $t->text('value');
            },
            'tbltodolist' => static function (Blueprint $t): void {
                $t->increments('id');
                $t->date('date');
                $t->text('title');
                $t->text('description')->default('');
                $t->integer('admin')->default(0);
                $t->text('status')->default('New');
                $t->date('duedate')->default(self::NO_DATE);
            },
            'tblmodulelog' => static function (Blueprint $t): void {
                $t->increments('id');
                $t->dateTime('date');
                $t->text('module');
                $t->text('action');
                $t->text('request');
                $t->text('response');
                $t->text('arrdata');
            },
            'tblactivitylog' => static function (Blueprint $t): void {
                $t->increments('id');
                $t->dateTime('date');
                $t->text('description');
                $t->text('user');
                $t->integer('userid')->default(0);
                $t->integer('user_id')->default(0);
                $t->integer('admin_id')->default(0);
                $t->text('ipaddr')->default('');
            },
            'tbltransientdata' => static function (Blueprint $t): void {
                $t->increments('id');
                $t->string('name', 1024);
                $t->text('data');
                $t->integer('expires');
            },
        ];
    }
}
