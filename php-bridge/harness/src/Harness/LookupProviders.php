<?php

declare(strict_types=1);

namespace Harness;

/**
 * The choice of lookup provider (Setup > Domain Pricing > Lookup Provider): every installed
 * registrar that can check availability, by its display name and logo.
 *
 * Sources: a registrar takes part in lookups by defining CheckAvailability (developer-docs
 * domain-registrars/availability-checks.md); its name is MetaData's DisplayName (module
 * metadata); the logo is the file whmcs.json names under logo.filename in the module's folder
 * (developer-docs advanced/json-file.md, which also asks for at most 500 pixels wide). That the
 * lookup-provider dialog shows that same file is unverified (WHMCS's admin pages are not public;
 * the original ISPAPI module ships logo.png with its whmcs.json for it). A module without it is
 * listed by name only.
 */
final class LookupProviders
{
    /** @return list<array{module: string, name: string, logo: ?string}> logo: a path inside the root */
    public static function all(): array
    {
        $root = Runtime::current()->root;
        $providers = [];
        foreach (Modules::installed('registrars') as $name) {
            if (!Whmcs::registrarSupports($name, 'CheckAvailability')) {
                continue;
            }
            $meta = Whmcs::registrarMetaData($name);
            $providers[] = [
                'module' => $name,
                'name' => (string) ($meta['DisplayName'] ?? $name),
                'logo' => self::logo("$root/modules/registrars/$name"),
            ];
        }
        return $providers;
    }

    private static function logo(string $dir): ?string
    {
        $json = is_file("$dir/whmcs.json") ? json_decode((string) file_get_contents("$dir/whmcs.json"), true) : null;
        $file = \is_array($json) ? ($json['logo']['filename'] ?? null) : null;
        if (!\is_string($file) || $file === '' || str_contains($file, '/') || !is_file("$dir/$file")) {
            return null;
        }
        $size = getimagesize("$dir/$file");
        // A file that is not an image, or wider than the documented 500 pixels, is not shown.
        if ($size === false || $size[0] > 500) {
            return null;
        }
        $root = Runtime::current()->root;
        return substr("$dir/$file", \strlen($root) + 1);
    }
}
