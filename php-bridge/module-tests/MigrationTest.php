<?php

declare(strict_types=1);

namespace IspapiCore\ModuleTests;

use IspapiCore\ModuleTests\Support\World;
use PHPUnit\Framework\TestCase;
use WHMCS\Database\Capsule;

/**
 * Moving from WHMCS's built-in HEXONET module with the CLI an admin runs.
 */
final class MigrationTest extends TestCase
{
    /** @return array{exit: int, out: string} the installed migrate.php, run from $cwd (default: the WHMCS root) */
    private function migrate(World $world, bool $apply, ?string $cwd = null): array
    {
        $command = [PHP_BINARY, '-d', 'extension=' . \dirname(__DIR__, 2) . '/target/release/libispapi_core_php.so',
            "$world->dir/whmcs/modules/registrars/ispapi/migrate.php"];
        if ($apply) {
            $command[] = '--apply';
        }
        $process = proc_open($command, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, $cwd ?? "$world->dir/whmcs");
        $out = stream_get_contents($pipes[1]) . stream_get_contents($pipes[2]);
        return ['exit' => proc_close($process), 'out' => $out];
    }

    public function testAnInitPhpInTheCurrentDirectoryIsNeverRun(): void
    {
        $world = World::get();
        $world->useApi('ISPAPI');
        $elsewhere = "$world->dir/elsewhere-migrate";
        @mkdir($elsewhere, 0700, true);
        $marker = "$elsewhere/hostile-init-ran";
        file_put_contents("$elsewhere/init.php", '<?php file_put_contents(' . var_export($marker, true) . ', "ran");');
        $dry = $this->migrate($world, false, $elsewhere);
        $this->assertFileDoesNotExist($marker, $dry['out']);
        $this->assertSame(0, $dry['exit'], $dry['out']);
        $this->assertStringContainsString('Dry run', $dry['out'], 'the WHMCS the script is installed in was used');
    }

    public function testDomainsOfTheBuiltInModuleMoveWithTheirDataAndKeepWorking(): void
    {
        $world = World::get();
        $world->useApi('ISPAPI');
        // The built-in module, as WHMCS saved it: encrypted settings, its domains and TLDs.
        Capsule::table('tblregistrars')->where('registrar', 'hexonet')->delete();
        foreach (['Username' => $world->account['login'], 'Password' => $world->account['password'], 'TestMode' => 'on'] as $k => $v) {
            Capsule::table('tblregistrars')->insert(['registrar' => 'hexonet', 'setting' => $k, 'value' => \encrypt($v)]);
        }
        $name = World::unique('com');
        $id = $world->domain($name);
        $this->assertSame(['success' => true], $world->call('RegisterDomain', $id));
        Capsule::table('tbldomains')->where('id', $id)->update(['registrar' => 'hexonet', 'additionalnotes' => 'keep me']);
        $other = $world->domain(World::unique('net'), ['registrar' => 'hexonet', 'idprotection' => 1]);
        \Harness\Seed::tld('.migrated' . getmypid(), ['USD' => ['register' => [1 => 9.99]]], ['autoreg' => 'hexonet']);
        $before = Capsule::table('tbldomains')->whereIn('id', [$id, $other])->orderBy('id')->get()->map(static fn ($r) => (array) $r)->all();

        $dry = $this->migrate($world, false);
        $this->assertSame(0, $dry['exit'], $dry['out']);
        $this->assertStringContainsString('Dry run', $dry['out']);
        $this->assertStringContainsString('ISPAPI settings exist already and are kept.', $dry['out']);
        $this->assertSame(2, Capsule::table('tbldomains')->where('registrar', 'hexonet')->count(), 'a dry run changes nothing');

        $done = $this->migrate($world, true);
        $this->assertSame(0, $done['exit'], $done['out']);
        $this->assertStringContainsString('2 domain(s) move to ISPAPI', $done['out']);
        $this->assertSame(0, Capsule::table('tbldomains')->where('registrar', 'hexonet')->count());
        $this->assertSame(0, Capsule::table('tbldomainpricing')->where('autoreg', 'hexonet')->count());
        $after = Capsule::table('tbldomains')->whereIn('id', [$id, $other])->orderBy('id')->get()->map(static fn ($r) => (array) $r)->all();
        foreach ($before as $i => $row) {
            $row['registrar'] = 'ispapi';
            unset($row['updated_at'], $after[$i]['updated_at']);
            $this->assertSame($row, $after[$i], 'nothing but the registrar changes');
        }
        $sync = $world->call('Sync', $id);
        $this->assertTrue($sync['active'] ?? false, json_encode($sync));
    }

    public function testTheSettingsPageMigratesWithOneClickCarryingTheAdminsToken(): void
    {
        $world = World::get();
        $world->useApi('ISPAPI');
        Capsule::table('tblregistrars')->where('registrar', 'hexonet')->delete();
        $id = $world->domain(World::unique('com'), ['registrar' => 'hexonet']);
        \Harness\AdminSession::login('admin', 'harness-admin');
        $page = $_SERVER['SCRIPT_NAME'] ?? null;
        $_SERVER['SCRIPT_NAME'] = '/admin/configregistrars.php';
        try {
            $field = \Harness\Registrars::configArray('ispapi')['Migration']['Value'] ?? '';
            $this->assertStringContainsString('Migrate from the HEXONET module', $field);
            $this->assertMatchesRegularExpression('~href="configregistrars\.php\?ispapi_migrate=1&amp;token=(\w+)#ispapi"~', $field);
            preg_match('~token=(\w+)~', $field, $m);
            $this->assertSame('hexonet', Capsule::table('tbldomains')->where('id', $id)->value('registrar'), 'showing the button changes nothing');

            // Without the token: refused, nothing changed.
            $_GET = $_REQUEST = ['ispapi_migrate' => '1'];
            try {
                \Harness\Registrars::configArray('ispapi');
                $this->fail('migrated without the token');
            } catch (\Harness\TokenRefused $e) {
                $this->assertSame('hexonet', Capsule::table('tbldomains')->where('id', $id)->value('registrar'));
            }

            $_GET = $_REQUEST = ['ispapi_migrate' => '1', 'token' => $m[1]];
            $done = \Harness\Registrars::configArray('ispapi')['Migration']['Value'] ?? '';
            $this->assertStringContainsString('ispapi-migrated', $done);
            $this->assertSame('ispapi', Capsule::table('tbldomains')->where('id', $id)->value('registrar'));

            $_GET = $_REQUEST = [];
            $this->assertArrayNotHasKey('Migration', \Harness\Registrars::configArray('ispapi'), 'nothing left to migrate');
        } finally {
            $_GET = $_REQUEST = [];
            $_SERVER['SCRIPT_NAME'] = $page;
        }
    }
}
