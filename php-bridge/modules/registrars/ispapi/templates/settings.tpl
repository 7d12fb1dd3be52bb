{* WHOIS output and ERRP: text settings of the domain, one field per API parameter. Every text
   is a variable in the client's language ($t, $title, the labels); $dir is ltr or rtl. *}
<div class="ispapi-page" dir="{$dir|escape:'html'}">
<h3>{$title|escape:'html'} <small>{$domain|escape:'html'}</small></h3>
{include file="./messages.tpl"}
{if $fields}
<form method="post" action="clientarea.php?action=domaindetails&amp;domainid={$domainid|escape:'url'}&amp;modop=custom&amp;a={$page|escape:'url'}">
    <input type="hidden" name="token" value="{$token|escape:'html'}">
    {foreach $fields as $field}
        <div class="form-group">
            <label for="ispapi-{$field.key|escape:'html'}">{$field.label|escape:'html'}</label>
            <input type="{$field.kind|escape:'html'}" class="form-control" id="ispapi-{$field.key|escape:'html'}" name="ispapi[fields][{$field.key|escape:'html'}]" value="{$field.value|escape:'html'}">
        </div>
    {/foreach}
    <button type="submit" class="btn btn-primary">{$t.save|escape:'html'}</button>
</form>
{/if}
</div>
