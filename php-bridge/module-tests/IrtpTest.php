<?php

declare(strict_types=1);

namespace IspapiCore\ModuleTests;

use IspapiCore\ModuleTests\Support\World;
use PHPUnit\Framework\TestCase;

/**
 * IRTP (issue #20 item 7; WHMCS developer docs, transfer-policy-management.md): the "API
 * settings" option's change of a gTLD registrant, the pending verification GetDomainInformation
 * reports, and ResendIRTPVerificationEmail, through the harness against the simulator.
 */
final class IrtpTest extends TestCase
{
    private World $world;

    protected function setUp(): void
    {
        $this->world = World::get();
        $this->world->simulator->control(['reset' => true]);
    }

    protected function tearDown(): void
    {
        $this->world->useApi('ISPAPI');
    }

    /** @return array{0: int, 1: string} a registered .com with a new registrant saved */
    private function registrantChanged(): array
    {
        $name = World::unique('com');
        $id = $this->world->domain($name);
        $this->assertSame(['success' => true], $this->world->call('RegisterDomain', $id));
        $registrant = $this->world->call('GetContactDetails', $id)['Registrant'];
        $newOwner = ['First Name' => 'Augusta', 'Last Name' => 'Byron', 'Email Address' => 'augusta@example.org'] + $registrant;
        $this->world->simulator->control(['clear_log' => true]);
        $saved = $this->world->call('SaveContactDetails', $id, ['contactdetails' => ['Registrant' => $newOwner]]);
        $this->assertSame(['success' => true], $saved);
        return [$id, $name];
    }

    /** CNR (#18 item 7): whether a registrant change is a trade comes from GetZoneInfo's OWNERCHANGEPROCESS, as CNR's module reads it. */
    public function testOnCnrARegistrantChangeIsATradeWhereGetZoneInfoSaysSo(): void
    {
        $this->world->useApi('CNR', ['IRTP' => 'API settings']);
        $id = $this->world->domain(World::unique('de'));
        $this->assertSame(['success' => true], $this->world->call('RegisterDomain', $id));
        $registrant = $this->world->call('GetContactDetails', $id)['Registrant'];
        $newOwner = ['First Name' => 'Augusta', 'Last Name' => 'Byron', 'Email Address' => 'augusta@example.org'] + $registrant;
        $this->world->simulator->control(['clear_log' => true]);
        $saved = $this->world->call('SaveContactDetails', $id, ['contactdetails' => ['Registrant' => $newOwner]]);
        $this->assertSame(['success' => true], $saved);
        $sent = $this->world->simulator->receivedCommands();
        $this->assertContains('GetZoneInfo', $sent, implode(' ', $sent));
        $this->assertNotContains('QueryDomainOptions', $sent);
        $this->assertContains('TradeDomain', $sent);
    }

    public function testWithApiSettingsANewRegistrantIsAnUnconfirmedTradeWhoseVerificationIsShownAndResent(): void
    {
        $this->world->useApi('ISPAPI', ['IRTP' => 'API settings']);
        [$id, $name] = $this->registrantChanged();
        $trade = array_values(array_filter($this->world->simulator->received(), static fn ($t) => str_starts_with($t, 'COMMAND=TradeDomain')));
        $this->assertCount(1, $trade, implode("\n---\n", $this->world->simulator->received()));
        $this->assertStringNotContainsString('X-CONFIRM-DA-', $trade[0], 'the API settings confirm the change, not the reseller as agent');
        $this->assertContains('QueryDomainOptions', $this->world->simulator->receivedCommands());

        $info = $this->world->call('GetDomainInformation', $id);
        $this->assertInstanceOf(\WHMCS\Domain\Registrar\Domain::class, $info);
        $this->assertTrue($info->getIsIrtpEnabled());
        $this->assertTrue($info->getDomainContactChangePending());
        $this->assertTrue($info->getPendingSuspension());
        $due = $info->getDomainContactChangeExpiryDate();
        $this->assertInstanceOf(\DateTimeInterface::class, $due);
        $this->assertGreaterThan(time(), $due->getTimestamp(), 'the verification is due in the future');
        $this->assertSame(
            ['Registrant' => ['First Name', 'Last Name', 'Company Name', 'Email Address']],
            $info->getIrtpVerificationTriggerFields()
        );

        $this->world->simulator->control(['clear_log' => true]);
        $this->assertSame(['success' => true], $this->world->call('ResendIRTPVerificationEmail', $id));
        $this->assertSame(['StatusDomain', 'ResendDomainRegistrantVerificationEmail'], $this->world->simulator->receivedCommands());
        $this->assertStringContainsString("DOMAIN=$name", $this->world->simulator->received()[1]);
    }

    /**
     * CNR verifies the registrant's contact handle (CNR's module: StatusContact's
     * VERIFICATIONREQUESTED / VERIFIED, StatusDomain's X-TIME-TO-SUSPENSION, and the resend
     * ResendNotification TYPE=contactverification to the handle's address).
     */
    public function testOnCnrTheRegistrantsPendingVerificationIsShownAndItsMailSentAgain(): void
    {
        $this->world->useApi('CNR');
        $name = World::unique('com');
        $id = $this->world->domain($name);
        $this->assertSame(['success' => true], $this->world->call('RegisterDomain', $id));
        $info = $this->world->call('GetDomainInformation', $id);
        $this->assertFalse($info->getDomainContactChangePending());
        $this->assertFalse($info->getPendingSuspension());
        $this->assertSame(
            ['error' => "No registrant verification is pending for $name."],
            $this->world->call('ResendIRTPVerificationEmail', $id)
        );

        $this->world->simulator->control(['request_verification' => $name]);
        $info = $this->world->call('GetDomainInformation', $id);
        $this->assertTrue($info->getDomainContactChangePending());
        $this->assertTrue($info->getPendingSuspension());
        $due = $info->getDomainContactChangeExpiryDate();
        $this->assertInstanceOf(\DateTimeInterface::class, $due);
        $this->assertGreaterThan(time(), $due->getTimestamp(), 'the suspension is in the future');

        $this->world->simulator->control(['clear_log' => true]);
        $this->assertSame(['success' => true], $this->world->call('ResendIRTPVerificationEmail', $id));
        $this->assertSame(['StatusDomain', 'StatusContact', 'ResendNotification'], $this->world->simulator->receivedCommands());
        $email = $this->world->call('GetContactDetails', $id)['Registrant']['Email Address'];
        $resend = $this->world->simulator->received()[2];
        $this->assertStringContainsString('TYPE=contactverification', $resend);
        $this->assertStringContainsString("OBJECT=$email", $resend);
    }

    public function testAsDesignatedAgentNothingIsPendingAndAResendSaysSo(): void
    {
        [$id, $name] = $this->registrantChanged();
        $info = $this->world->call('GetDomainInformation', $id);
        $this->assertFalse($info->getDomainContactChangePending());
        $this->assertFalse($info->getPendingSuspension());
        $this->assertNull($info->getDomainContactChangeExpiryDate());

        $this->world->simulator->control(['clear_log' => true]);
        $this->assertSame(
            ['error' => "No registrant verification is pending for $name."],
            $this->world->call('ResendIRTPVerificationEmail', $id)
        );
        $this->assertSame(['StatusDomain'], $this->world->simulator->receivedCommands());
    }
}
