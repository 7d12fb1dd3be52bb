{* One DS row: $name is the field prefix, $row the values (empty for the row that adds). *}
<tr>
    <td><input type="number" min="0" max="65535" class="form-control" name="{$name|escape:'html'}[keytag]" value="{$row.keytag|default:''|escape:'html'}"></td>
    <td>
        <select class="form-control" name="{$name|escape:'html'}[alg]">
        {foreach $algorithms as $algorithm}
            <option value="{$algorithm.number|escape:'html'}"{if isset($row.alg) && $row.alg == $algorithm.number} selected{/if}>{$algorithm.number|escape:'html'} {$algorithm.name|escape:'html'}</option>
        {/foreach}
        </select>
    </td>
    <td>
        <select class="form-control" name="{$name|escape:'html'}[digesttype]">
        {foreach $digesttypes as $type}
            <option value="{$type.number|escape:'html'}"{if isset($row.digesttype) && $row.digesttype == $type.number} selected{/if}>{$type.number|escape:'html'} {$type.name|escape:'html'}</option>
        {/foreach}
        </select>
    </td>
    <td><input type="text" class="form-control" name="{$name|escape:'html'}[digest]" value="{$row.digest|default:''|escape:'html'}"></td>
</tr>
