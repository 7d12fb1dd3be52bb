{* Shown when a page could not be built at all (no API settings, the core unavailable). *}
<div class="alert alert-danger">{$error|escape:'html'}</div>
