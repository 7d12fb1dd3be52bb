{* DNSSEC: the DS and DNSKEY records the registry publishes for the domain. Field names are
   ispapi[ds][n][…], ispapi[key][n][…] and ispapi[maxsiglife]; rows left empty are ignored. *}
<h3>DNSSEC Management <small>{$domain|escape:'html'}</small></h3>
{include file="./messages.tpl"}
{if $supported}
<form method="post" action="clientarea.php?action=domaindetails&amp;domainid={$domainid|escape:'url'}&amp;modop=custom&amp;a=dnssec">
    <input type="hidden" name="token" value="{$token|escape:'html'}">
    <p>The registry takes {$interface|escape:'html'} records. Clear a row to remove its record.</p>

    <h4>DS records</h4>
    <table class="table table-condensed">
        <thead><tr><th>Key tag</th><th>Algorithm</th><th>Digest type</th><th>Digest</th></tr></thead>
        <tbody>
        {foreach $ds as $row}
            {include file="./dnssec_ds_row.tpl" name="ispapi[ds][{$row@index}]"}
        {/foreach}
        {include file="./dnssec_ds_row.tpl" name="ispapi[ds][new]" row=[]}
        </tbody>
    </table>

    <h4>DNSKEY records</h4>
    <table class="table table-condensed">
        <thead><tr><th>Flags</th><th>Protocol</th><th>Algorithm</th><th>Public key</th></tr></thead>
        <tbody>
        {foreach $keys as $row}
            {include file="./dnssec_key_row.tpl" name="ispapi[key][{$row@index}]"}
        {/foreach}
        {include file="./dnssec_key_row.tpl" name="ispapi[key][new]" row=[]}
        </tbody>
    </table>

    <div class="form-group">
        <label for="ispapi-maxsiglife">Maximum signature lifetime (seconds, empty for the registry's default)</label>
        <input type="number" min="1" class="form-control" id="ispapi-maxsiglife" name="ispapi[maxsiglife]" value="{$maxsiglife|escape:'html'}">
    </div>
    <button type="submit" class="btn btn-primary">Save</button>
</form>
{/if}
