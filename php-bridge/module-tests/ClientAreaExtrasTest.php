<?php

declare(strict_types=1);

namespace IspapiCore\ModuleTests;

use IspapiCore\ModuleTests\Support\World;
use PHPUnit\Framework\TestCase;

/**
 * What the module adds around WHMCS's own client area (issue #20 item 13): the admin's custom
 * hooks file, the registrar-lock menu entry hidden where the registry has no lock, the domain's
 * private nameservers listed, and the lookup provider's logo.
 */
final class ClientAreaExtrasTest extends TestCase
{
    private World $world;

    protected function setUp(): void
    {
        $this->world = World::get();
        $this->world->useApi('ISPAPI');
    }

    /**
     * Runs a hook point in a new PHP process that boots the root as WHMCS boots each request
     * (init.php loads the active modules' hooks.php), and returns what the hooks answered.
     *
     * @return list<mixed>
     */
    private function hookInFreshRequest(string $hookPoint): array
    {
        $root = $this->world->dir . '/whmcs';
        $code = 'require ' . var_export("$root/init.php", true) . ';'
            . 'echo json_encode(\Harness\Hooks::run(' . var_export($hookPoint, true) . ', []));';
        exec(escapeshellarg(PHP_BINARY) . ' -r ' . escapeshellarg($code) . ' 2>&1', $out, $status);
        $this->assertSame(0, $status, implode("\n", $out));
        return json_decode(implode("\n", $out), true, 512, JSON_THROW_ON_ERROR);
    }

    /** Seed: "Hooks: With v16.10.0 we've added a possibility for injecting custom hook logics … resources/hooks_ispapi_custom.php". */
    public function testTheAdminsCustomHooksFileIsLoadedWithTheModulesHooks(): void
    {
        $file = $this->world->dir . '/whmcs/resources/hooks_ispapi_custom.php';
        @mkdir(\dirname($file), 0777, true);
        $this->assertSame([], $this->hookInFreshRequest('ClientAreaPage'), 'no custom file, no custom hook');
        file_put_contents($file, "<?php\nadd_hook('ClientAreaPage', 1, function (\$vars) { return ['customGreeting' => 'from the admin'];});\n");
        try {
            $this->assertSame([['customGreeting' => 'from the admin']], $this->hookInFreshRequest('ClientAreaPage'));
        } finally {
            unlink($file);
        }
    }
}
