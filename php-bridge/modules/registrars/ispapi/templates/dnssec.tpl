{* DNSSEC: the DS and DNSKEY records the registry publishes for the domain. Field names are
   ispapi[ds][n][…], ispapi[key][n][…] and ispapi[maxsiglife]; rows left empty are ignored.
   Every text is a variable in the client's language ($t, texts.toml); $dir is ltr or rtl. *}
<div class="ispapi-page" dir="{$dir|escape:'html'}">
<h3>{$t.dnssec_title|escape:'html'} <small>{$domain|escape:'html'}</small></h3>
{include file="./messages.tpl"}
{if $supported}
<form method="post" action="clientarea.php?action=domaindetails&amp;domainid={$domainid|escape:'url'}&amp;modop=custom&amp;a=dnssec">
    <input type="hidden" name="token" value="{$token|escape:'html'}">
    <p>{$intro|escape:'html'}</p>

    <h4>{$t.dnssec_ds_records|escape:'html'}</h4>
    <table class="table table-condensed">
        <thead><tr><th>{$t.dnssec_key_tag|escape:'html'}</th><th>{$t.dnssec_algorithm|escape:'html'}</th><th>{$t.dnssec_digest_type|escape:'html'}</th><th>{$t.dnssec_digest|escape:'html'}</th></tr></thead>
        <tbody>
        {foreach $ds as $row}
            {include file="./dnssec_ds_row.tpl" name="ispapi[ds][{$row@index}]"}
        {/foreach}
        {include file="./dnssec_ds_row.tpl" name="ispapi[ds][new]" row=[]}
        </tbody>
    </table>

    <h4>{$t.dnssec_dnskey_records|escape:'html'}</h4>
    <table class="table table-condensed">
        <thead><tr><th>{$t.dnssec_flags|escape:'html'}</th><th>{$t.dnssec_protocol|escape:'html'}</th><th>{$t.dnssec_algorithm|escape:'html'}</th><th>{$t.dnssec_public_key|escape:'html'}</th></tr></thead>
        <tbody>
        {foreach $keys as $row}
            {include file="./dnssec_key_row.tpl" name="ispapi[key][{$row@index}]"}
        {/foreach}
        {include file="./dnssec_key_row.tpl" name="ispapi[key][new]" row=[]}
        </tbody>
    </table>

    <div class="form-group">
        <label for="ispapi-maxsiglife">{$t.dnssec_max_sig_life|escape:'html'}</label>
        <input type="number" min="1" class="form-control" id="ispapi-maxsiglife" name="ispapi[maxsiglife]" value="{$maxsiglife|escape:'html'}">
    </div>
    <button type="submit" class="btn btn-primary">{$t.save|escape:'html'}</button>
</form>
{/if}
</div>
