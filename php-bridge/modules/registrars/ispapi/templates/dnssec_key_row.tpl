{* One DNSKEY row: $name is the field prefix, $row the values (empty for the row that adds). *}
<tr>
    <td>
        <select class="form-control" name="{$name|escape:'html'}[flags]">
        {foreach $flags as $flag}
            <option value="{$flag.number|escape:'html'}"{if isset($row.flags) && $row.flags == $flag.number} selected{/if}>{$flag.name|escape:'html'}</option>
        {/foreach}
        </select>
    </td>
    <td><input type="number" class="form-control" name="{$name|escape:'html'}[protocol]" value="{$row.protocol|default:$protocol|escape:'html'}"></td>
    <td>
        <select class="form-control" name="{$name|escape:'html'}[alg]">
        {foreach $algorithms as $algorithm}
            <option value="{$algorithm.number|escape:'html'}"{if isset($row.alg) && $row.alg == $algorithm.number} selected{/if}>{$algorithm.number|escape:'html'} {$algorithm.name|escape:'html'}</option>
        {/foreach}
        </select>
    </td>
    <td><textarea class="form-control" rows="2" name="{$name|escape:'html'}[pubkey]">{$row.pubkey|default:''|escape:'html'}</textarea></td>
</tr>
