{* Shown when a page could not be built at all (no API settings, the core unavailable); the
   sentence comes in the client's language, $dir is ltr or rtl. *}
<div class="alert alert-danger" dir="{$dir|escape:'html'}">{$error|escape:'html'}</div>
