{* The DNS management page with SRV and NS records, which WHMCS's own page does not offer.
   Install: back up your theme's templates/<theme>/clientareadomaindns.tpl (six, twenty-one or
   a child theme) and put this file in its place. It posts the fields WHMCS's page posts, and
   every row has a priority field, so an SRV record (priority; "weight port target") comes
   back unchanged. Types, hosts and addresses are checked by the module on save. *}
{$ispapiTypes = ['A' => 'A (IPv4 address)', 'AAAA' => 'AAAA (IPv6 address)', 'MX' => 'MX (mail server)', 'MXE' => 'MXE (mail server by IPv4)', 'CNAME' => 'CNAME (alias)', 'TXT' => 'TXT (text, SPF)', 'SRV' => 'SRV (service)', 'NS' => 'NS (delegated subzone)', 'URL' => 'URL (redirect)', 'FRAME' => 'FRAME (framed URL)']}
<h3>DNS Management <small>{$domain|escape:'html'}</small></h3>
{if !empty($error)}<div class="alert alert-danger">{$error|escape:'html'}</div>{/if}
<p class="text-muted">SRV: host <code>_service._protocol</code> (e.g. <code>_sip._tcp</code>), address <code>weight port target</code> (e.g. <code>5 5060 sip.example.com</code>), priority in its own field. NS delegates a name below the domain.</p>
<form method="post" action="clientarea.php?action=domaindns" class="ispapi-dns">
    <input type="hidden" name="token" value="{$token|escape:'html'}">
    <input type="hidden" name="sub" value="save">
    <input type="hidden" name="domainid" value="{$domainid|escape:'html'}">
    <table class="table table-striped">
        <thead>
            <tr><th>Host name</th><th>Type</th><th>Address</th><th>Priority</th></tr>
        </thead>
        <tbody>
        {foreach $dnsrecords as $dnsrecord}
            <tr>
                <td>
                    <input type="hidden" name="dnsrecid[]" value="{$dnsrecord.recid|escape:'html'}">
                    <input type="text" name="dnsrecordhost[]" value="{$dnsrecord.hostname|escape:'html'}" class="form-control">
                </td>
                <td>
                    <select name="dnsrecordtype[]" class="form-control">
                    {foreach $ispapiTypes as $type => $label}
                        <option value="{$type|escape:'html'}"{if $dnsrecord.type eq $type} selected="selected"{/if}>{$label|escape:'html'}</option>
                    {/foreach}
                    </select>
                </td>
                <td><input type="text" name="dnsrecordaddress[]" value="{$dnsrecord.address|escape:'html'}" class="form-control"></td>
                <td><input type="text" name="dnsrecordpriority[]" value="{$dnsrecord.priority|escape:'html'}" class="form-control" inputmode="numeric"></td>
            </tr>
        {/foreach}
            <tr>
                <td>
                    <input type="hidden" name="dnsrecid[]" value="">
                    <input type="text" name="dnsrecordhost[]" value="" class="form-control" placeholder="new record">
                </td>
                <td>
                    <select name="dnsrecordtype[]" class="form-control">
                    {foreach $ispapiTypes as $type => $label}
                        <option value="{$type|escape:'html'}">{$label|escape:'html'}</option>
                    {/foreach}
                    </select>
                </td>
                <td><input type="text" name="dnsrecordaddress[]" value="" class="form-control"></td>
                <td><input type="text" name="dnsrecordpriority[]" value="" class="form-control" inputmode="numeric"></td>
            </tr>
        </tbody>
    </table>
    <p class="text-muted">To delete a record, empty its host name and address.</p>
    <button type="submit" class="btn btn-primary">Save Changes</button>
</form>
