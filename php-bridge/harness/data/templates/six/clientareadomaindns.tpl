{* The harness's stand-in for WHMCS's stock DNS page (templates/six/clientareadomaindns.tpl is
   not public; unverified): only what a public scraper of a WHMCS client area reads from it
   (see Harness\ClientArea): the posted field names, the record types A, AAAA, MXE, MX, CNAME,
   TXT, URL and FRAME (no SRV, no NS), and a priority field for MX only, "N/A" otherwise. *}
<form method="post" action="clientarea.php?action=domaindns">
<input type="hidden" name="token" value="{$token|escape:'html'}">
<input type="hidden" name="sub" value="save">
<input type="hidden" name="domainid" value="{$domainid|escape:'html'}">
<table class="table">
<tbody>
{foreach $dnsrecords as $dnsrecord}
<tr>
<td><input type="hidden" name="dnsrecid[]" value="{$dnsrecord.recid|escape:'html'}"><input type="text" name="dnsrecordhost[]" value="{$dnsrecord.hostname|escape:'html'}"></td>
<td><select name="dnsrecordtype[]">
{foreach ['A', 'AAAA', 'MXE', 'MX', 'CNAME', 'TXT', 'URL', 'FRAME'] as $type}<option value="{$type}"{if $dnsrecord.type eq $type} selected="selected"{/if}>{$type}</option>{/foreach}
</select></td>
<td><input type="text" name="dnsrecordaddress[]" value="{$dnsrecord.address|escape:'html'}"></td>
<td>{if $dnsrecord.type eq 'MX'}<input type="text" name="dnsrecordpriority[]" value="{$dnsrecord.priority|escape:'html'}">{else}<input type="hidden" name="dnsrecordpriority[]" value="N/A">{/if}</td>
</tr>
{/foreach}
<tr>
<td><input type="text" name="dnsrecordhost[]" value=""></td>
<td><select name="dnsrecordtype[]">{foreach ['A', 'AAAA', 'MXE', 'MX', 'CNAME', 'TXT', 'URL', 'FRAME'] as $type}<option value="{$type}">{$type}</option>{/foreach}</select></td>
<td><input type="text" name="dnsrecordaddress[]" value=""></td>
<td><input type="text" name="dnsrecordpriority[]" value=""></td>
</tr>
</tbody>
</table>
<button type="submit">Save Changes</button>
</form>
