{* The registry's own WHOIS privacy (.ca, .se, .nz): hide or show an individual registrant. *}
<h3>WHOIS Privacy <small>{$domain|escape:'html'}</small></h3>
{include file="./messages.tpl"}
<p>
    {if $protected}The registrant's data is hidden in WHOIS.{else}The registrant's data is shown in WHOIS.{/if}
</p>
{if $protectable}
<form method="post" action="clientarea.php?action=domaindetails&amp;domainid={$domainid|escape:'url'}&amp;modop=custom&amp;a=whoisprivacy">
    <input type="hidden" name="token" value="{$token|escape:'html'}">
    {if $protected}
        <input type="hidden" name="ispapi[protect]" value="0">
        <button type="submit" class="btn btn-default">Show my data in WHOIS</button>
    {else}
        <input type="hidden" name="ispapi[protect]" value="1">
        <button type="submit" class="btn btn-primary">Hide my data in WHOIS</button>
    {/if}
</form>
{else}
<p>The registry offers this service to individuals only.</p>
{/if}
