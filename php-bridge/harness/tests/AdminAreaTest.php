<?php

declare(strict_types=1);

namespace Harness\Tests;

use Harness\Addons;
use Harness\Admin\Dashboard;
use Harness\AdminSession;
use Harness\Seed;
use WHMCS\Database\Capsule;

final class AdminAreaTest extends HarnessTestCase
{
    public function testTheDashboardFindsFileNamedAndHookedWidgetsByWeight(): void
    {
        AdminSession::loginAs($this->adminId);
        $ids = array_map(fn ($w) => $w->getId(), Dashboard::widgets());
        self::assertSame(['HarnessBillingWidget', 'SampleDomains', 'HarnessCachedWidget'], $ids);
    }

    public function testWidgetsNeedingAPermissionTheAdminLacksAreLeftOut(): void
    {
        $role = Seed::adminRole('Support', ['Main Homepage', 'List Domains']);
        AdminSession::loginAs(Seed::admin('support', 'pw', $role));
        $ids = array_map(fn ($w) => $w->getId(), Dashboard::widgets());
        self::assertSame(['SampleDomains', 'HarnessCachedWidget'], $ids);
    }

    public function testWidgetsSeeTheLoggedInAdmin(): void
    {
        Capsule::table('tbladmins')->where('id', $this->adminId)->update(['hidden_widgets' => 'HarnessCachedWidget,Other']);
        AdminSession::loginAs($this->adminId);
        $sample = array_values(array_filter(Dashboard::widgets(), fn ($w) => $w->getId() === 'SampleDomains'))[0];
        self::assertSame(['HarnessCachedWidget', 'Other'], $sample->getData()['hidden']);
    }

    public function testACachedWidgetReusesItsDataUntilRefreshed(): void
    {
        AdminSession::loginAs($this->adminId);
        $cached = array_values(array_filter(Dashboard::widgets(), fn ($w) => $w->getId() === 'HarnessCachedWidget'))[0];
        $first = $cached->render();
        self::assertSame($first, $cached->render());
        self::assertNotSame($first, $cached->render(true));
    }

    public function testAnAddonIsActivatedConfiguredAndRendered(): void
    {
        self::assertSame(['status' => 'success', 'description' => 'Sample Addon ready'], Addons::activate('sampleaddon', ['apikey' => 'k']));
        self::assertTrue(Capsule::schema()->hasTable('mod_sampleaddon'));
        $vars = Addons::vars('sampleaddon');
        self::assertSame(['1.2', 'Hello <admin>', 'k', 'on', 'addonmodules.php?module=sampleaddon'], [$vars['version'],
            $vars['greeting'], $vars['apikey'], $vars['verbose'], $vars['modulelink']]);
        AdminSession::loginAs($this->adminId);
        self::assertTrue(Addons::adminMayUse('sampleaddon'));
        self::assertStringContainsString('<p class="greeting">Hello &lt;admin&gt;</p>', Addons::output('sampleaddon'));
        self::assertSame('success', Addons::deactivate('sampleaddon')['status']);
        self::assertFalse(Capsule::schema()->hasTable('mod_sampleaddon'));
        self::assertFalse(Addons::isActive('sampleaddon'));
    }

    public function testAnAddonIsClosedToRolesWithoutAccess(): void
    {
        Addons::activate('sampleaddon', [], [99]);
        AdminSession::loginAs($this->adminId);
        self::assertFalse(Addons::adminMayUse('sampleaddon'));
    }
}
