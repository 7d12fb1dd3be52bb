{* Web apps: each app with its DNS records, whether they are in the domain's zone, and the
   records connecting it would remove. One form per button: ispapi[app] and ispapi[action]
   (connect or disconnect). *}
<h3>Web Apps <small>{$domain|escape:'html'}</small></h3>
{include file="./messages.tpl"}
{foreach $apps as $app}
<div class="panel panel-default">
    <div class="panel-heading">
        <strong>{$app.name|escape:'html'}</strong>
        <span class="label {if $app.connected}label-success{else}label-default{/if}">{$app.state|escape:'html'}</span>
    </div>
    <div class="panel-body">
        <p>{$app.description|escape:'html'}</p>
        <table class="table table-condensed">
            <thead><tr><th>Host</th><th>Type</th><th>Priority</th><th>Value</th><th>In the zone</th></tr></thead>
            <tbody>
            {foreach $app.records as $record}
                <tr>
                    <td>{$record.name|escape:'html'}</td>
                    <td>{$record.type|escape:'html'}</td>
                    <td>{$record.priority|escape:'html'}</td>
                    <td><code>{$record.value|escape:'html'}</code></td>
                    <td>{if $record.present}yes{else}no{/if}</td>
                </tr>
            {/foreach}
            </tbody>
        </table>
        {if $app.can_connect}
            {if $app.removes}
                <p>Connecting {$app.name|escape:'html'} first removes these records of the zone, so that mail for the domain goes to {$app.name|escape:'html'} only:</p>
                <ul>
                {foreach $app.removes as $line}
                    <li><code>{$line|escape:'html'}</code></li>
                {/foreach}
                </ul>
            {/if}
            <form method="post" action="clientarea.php?action=domaindetails&amp;domainid={$domainid|escape:'url'}&amp;modop=custom&amp;a=webapps" style="display: inline">
                <input type="hidden" name="token" value="{$token|escape:'html'}">
                <input type="hidden" name="ispapi[app]" value="{$app.id|escape:'html'}">
                <input type="hidden" name="ispapi[action]" value="connect">
                <button type="submit" class="btn btn-primary">Connect {$app.name|escape:'html'}</button>
            </form>
        {/if}
        {if $app.can_disconnect}
            <form method="post" action="clientarea.php?action=domaindetails&amp;domainid={$domainid|escape:'url'}&amp;modop=custom&amp;a=webapps" style="display: inline">
                <input type="hidden" name="token" value="{$token|escape:'html'}">
                <input type="hidden" name="ispapi[app]" value="{$app.id|escape:'html'}">
                <input type="hidden" name="ispapi[action]" value="disconnect">
                <button type="submit" class="btn btn-default">Disconnect {$app.name|escape:'html'}</button>
            </form>
            <p class="help-block">Disconnecting removes the records above from the zone, and nothing else.</p>
        {/if}
    </div>
</div>
{/foreach}
