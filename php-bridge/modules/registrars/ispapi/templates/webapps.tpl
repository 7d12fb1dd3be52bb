{* Web apps: each app with its DNS records, whether they are in the domain's zone, and the
   records connecting it would remove. One form per button: ispapi[app] and ispapi[action]
   (connect or disconnect). Every text is a variable in the client's language ($t, the app's
   description, state and button labels); $dir is ltr or rtl. *}
<div class="ispapi-page" dir="{$dir|escape:'html'}">
<h3>{$t.webapps_title|escape:'html'} <small>{$domain|escape:'html'}</small></h3>
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
            <thead><tr><th>{$t.webapps_host|escape:'html'}</th><th>{$t.webapps_type|escape:'html'}</th><th>{$t.webapps_priority|escape:'html'}</th><th>{$t.webapps_value|escape:'html'}</th><th>{$t.webapps_in_zone|escape:'html'}</th></tr></thead>
            <tbody>
            {foreach $app.records as $record}
                <tr>
                    <td>{$record.name|escape:'html'}</td>
                    <td>{$record.type|escape:'html'}</td>
                    <td>{$record.priority|escape:'html'}</td>
                    <td><code>{$record.value|escape:'html'}</code></td>
                    <td>{if $record.present}{$t.yes|escape:'html'}{else}{$t.no|escape:'html'}{/if}</td>
                </tr>
            {/foreach}
            </tbody>
        </table>
        {if $app.can_connect}
            {if $app.removes}
                <p>{$app.removes_intro|escape:'html'}</p>
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
                <button type="submit" class="btn btn-primary">{$app.connect_label|escape:'html'}</button>
            </form>
        {/if}
        {if $app.can_disconnect}
            <form method="post" action="clientarea.php?action=domaindetails&amp;domainid={$domainid|escape:'url'}&amp;modop=custom&amp;a=webapps" style="display: inline">
                <input type="hidden" name="token" value="{$token|escape:'html'}">
                <input type="hidden" name="ispapi[app]" value="{$app.id|escape:'html'}">
                <input type="hidden" name="ispapi[action]" value="disconnect">
                <button type="submit" class="btn btn-default">{$app.disconnect_label|escape:'html'}</button>
            </form>
            <p class="help-block">{$t.webapps_disconnect_note|escape:'html'}</p>
        {/if}
    </div>
</div>
{/foreach}
</div>
