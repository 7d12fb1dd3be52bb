{* The harness's stand-in for WHMCS's stock "Private Nameservers" page (not public;
   unverified): its three forms (register, modify, delete a nameserver) by their purpose only.
   WHMCS lists no existing private nameservers here (seed 003/004: "WHMCS is nowhere listing
   already existing private nameservers"). *}
<h3>Private Nameservers <small>{$domain|escape:'html'}</small></h3>
<form method="post" action="clientarea.php?action=domainregisterns"><input type="hidden" name="sub" value="register"><input type="hidden" name="domainid" value="{$domainid|escape:'html'}"><input type="text" name="ns"><input type="text" name="ipaddress"><button type="submit">Save</button></form>
<form method="post" action="clientarea.php?action=domainregisterns"><input type="hidden" name="sub" value="modify"><input type="hidden" name="domainid" value="{$domainid|escape:'html'}"><input type="text" name="ns"><input type="text" name="currentipaddress"><input type="text" name="newipaddress"><button type="submit">Save</button></form>
<form method="post" action="clientarea.php?action=domainregisterns"><input type="hidden" name="sub" value="delete"><input type="hidden" name="domainid" value="{$domainid|escape:'html'}"><input type="text" name="ns"><button type="submit">Save</button></form>
