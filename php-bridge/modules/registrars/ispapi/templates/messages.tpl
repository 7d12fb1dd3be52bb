{* The page's outcome: a success, an error, and the mistakes in the fields. *}
{if $success}
    <div class="alert alert-success">{$success|escape:'html'}</div>
{/if}
{if $error}
    <div class="alert alert-danger">
        {$error|escape:'html'}
        {if $errors}
            <ul>
                {foreach $errors as $message}
                    <li>{$message|escape:'html'}</li>
                {/foreach}
            </ul>
        {/if}
    </div>
{/if}
