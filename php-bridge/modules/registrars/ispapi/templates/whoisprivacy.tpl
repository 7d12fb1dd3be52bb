{* The registry's own WHOIS privacy (.ca, .se, .nz): hide or show an individual registrant.
   Every text is a variable in the client's language ($t); $dir is ltr or rtl. *}
<div class="ispapi-page" dir="{$dir|escape:'html'}">
<h3>{$t.whoisprivacy_title|escape:'html'} <small>{$domain|escape:'html'}</small></h3>
{include file="./messages.tpl"}
<p>
    {if $protected}{$t.whoisprivacy_hidden|escape:'html'}{else}{$t.whoisprivacy_shown|escape:'html'}{/if}
</p>
{if $protectable}
<form method="post" action="clientarea.php?action=domaindetails&amp;domainid={$domainid|escape:'url'}&amp;modop=custom&amp;a=whoisprivacy">
    <input type="hidden" name="token" value="{$token|escape:'html'}">
    {if $protected}
        <input type="hidden" name="ispapi[protect]" value="0">
        <button type="submit" class="btn btn-default">{$t.whoisprivacy_show_button|escape:'html'}</button>
    {else}
        <input type="hidden" name="ispapi[protect]" value="1">
        <button type="submit" class="btn btn-primary">{$t.whoisprivacy_hide_button|escape:'html'}</button>
    {/if}
</form>
{else}
<p>{$t.whoisprivacy_individuals_only|escape:'html'}</p>
{/if}
</div>
