<?php

declare(strict_types=1);

namespace IspapiCore\ModuleTests;

use IspapiCore\ModuleTests\Support\World;
use PHPUnit\Framework\TestCase;
use WHMCS\Database\Capsule;

/**
 * What the admin sees and does around transfers, transfer codes and trades: the buttons of a
 * pending transfer, its log on the domain page, a failed transfer's reason, the per-TLD ways
 * to a transfer code, and the cost of a registrant change that the registry charges.
 */
final class TransferAdminTest extends TestCase
{
    private World $world;

    protected function setUp(): void
    {
        $this->world = World::get();
        $this->world->useApi('ISPAPI');
        $this->world->simulator->control(['reset' => true]);
    }

    /** A transfer of a domain registered elsewhere (the simulator's `taken-` names), pending. */
    private function pendingTransfer(): int
    {
        $id = $this->world->domain('taken-' . World::unique('com'), ['type' => 'Transfer', 'status' => 'Pending Transfer']);
        $this->assertSame(['success' => true], $this->world->call('TransferDomain', $id, ['eppcode' => 'taken-AUTH-1']));
        return $id;
    }

    private function lastActivity(): string
    {
        return (string) Capsule::table('tblactivitylog')->orderBy('id', 'desc')->value('description');
    }

    public function testAPendingTransferCanResendItsApprovalMailAndShowsItsLog(): void
    {
        $id = $this->pendingTransfer();
        $this->assertSame(
            ['Cancel Transfer' => 'CancelTransfer', 'Resend Transfer Approval' => 'ResendTransferApproval'],
            $this->world->call('AdminCustomButtonArray', $id)
        );
        $resend = $this->world->call('ResendTransferApproval', $id);
        $this->assertSame(['success' => true, 'message' => 'The transfer approval e-mail was sent again.'], $resend);
        $this->assertStringContainsString('transfer approval e-mail for taken-', $this->lastActivity());

        $fields = $this->world->call('AdminDomainsTabFields', $id);
        $this->assertSame(['Transfer status', 'Transfer log'], array_keys($fields), json_encode($fields));
        $this->assertContains($fields['Transfer status'], ['INITIATED', 'PENDING']);
        // Every line of the registry's log, escaped, one per row.
        $this->assertStringContainsString('[INITIATED] domain transfer initiated', $fields['Transfer log']);
        $this->assertStringContainsString('confirmation e-mail sent again<br />', $fields['Transfer log']);
    }

    public function testAnActiveDomainHasNoTransferButtonsAndAsksTheApiNothing(): void
    {
        $id = $this->world->domain(World::unique('com'));
        $this->world->call('RegisterDomain', $id);
        $this->world->simulator->control(['clear_log' => true]);
        // Only the registry hold's buttons (SuspensionTest), which cost no API call to show.
        $this->assertSame(['Suspend' => 'SuspendDomain', 'Unsuspend' => 'UnsuspendDomain'], $this->world->call('AdminCustomButtonArray', $id));
        $this->assertSame([], $this->world->call('AdminDomainsTabFields', $id));
        $this->assertSame([], $this->world->simulator->receivedCommands());
    }

    public function testResendingWithoutAPendingTransferSaysSo(): void
    {
        $id = $this->world->domain(World::unique('com'));
        $this->world->call('RegisterDomain', $id);
        $result = $this->world->call('ResendTransferApproval', $id);
        $this->assertStringStartsWith('ResendDomainTransferConfirmationEmails failed: 545', $result['error'] ?? '', json_encode($result));
    }

    public function testAFailedTransferReportsTheRegistrysReason(): void
    {
        $id = $this->pendingTransfer();
        $this->world->simulator->control(['fail_transfers' => 'rejected by the losing registrar <b>NACK</b>']);
        $sync = $this->world->call('TransferSync', $id);
        $this->assertTrue($sync['failed'] ?? false, json_encode($sync));
        // The registry's text, escaped: WHMCS puts the reason into its e-mails as it is.
        $this->assertStringContainsString('[FAILED] rejected by the losing registrar &lt;b&gt;NACK&lt;/b&gt;', $sync['reason']);
        $this->assertStringNotContainsString('<', $sync['reason']);
        $this->assertStringContainsString('[INITIATED] domain transfer initiated', $sync['reason']);
        // Not pending, not in the account: the request's date, then the failure logged since.
        $this->assertSame(['StatusDomainTransfer', 'StatusDomain', 'QueryObjectLogList', 'QueryObjectLogList', 'StatusObjectLog'], array_slice($this->world->simulator->receivedCommands(), -5));
    }

    /**
     * WHMCS gives TransferSync no nameservers or contacts (domain-syncing.md); with both
     * "after transfer" settings on, the module takes the order's nameservers and the client's
     * details, and the transfer is marked completed.
     */
    public function testACompletedTransferGetsTheOrdersNameserversAndTheClientsContacts(): void
    {
        $this->world->useApi('ISPAPI', ['TransferNameservers' => 'on', 'TransferContacts' => 'on']);
        $order = Capsule::table('tblorders')->insertGetId([
            'ordernum' => '1234567890', 'userid' => $this->world->clientId,
            'nameservers' => 'NS1.Order-Example.net,ns2.order-example.net,', 'transfersecret' => '',
        ]);
        $id = $this->world->domain('taken-' . World::unique('com'), ['type' => 'Transfer', 'status' => 'Pending Transfer', 'orderid' => $order]);
        $this->assertSame(['success' => true], $this->world->call('TransferDomain', $id, ['eppcode' => 'taken-AUTH-1']));
        $this->world->simulator->control(['complete_transfers' => true, 'clear_log' => true]);

        $sync = $this->world->call('TransferSync', $id);
        $this->assertTrue($sync['completed'] ?? false, json_encode($sync));
        $sent = implode("\n---\n", $this->world->simulator->received());
        $this->assertStringContainsString("NAMESERVER0=ns1.order-example.net\nNAMESERVER1=ns2.order-example.net", $sent);
        $this->assertStringContainsString('COMMAND=AddContact', $sent);
        $this->assertStringContainsString('FIRSTNAME=John', $sent);
        $this->assertStringContainsString('PHONE=+1.8005551234', $sent);
        $this->assertStringContainsString('OWNERCONTACT0=', $sent);
        $this->assertSame(['ns1' => 'ns1.order-example.net', 'ns2' => 'ns2.order-example.net'], $this->world->call('GetNameservers', $id));
    }

    public function testTransferCodesFollowEachRegistrysWay(): void
    {
        // .de: DENIC keeps no code; a new one is generated each time.
        $de = $this->world->domain(World::unique('de'));
        $this->assertSame(['success' => true], $this->world->call('RegisterDomain', $de));
        $this->world->simulator->control(['clear_log' => true]);
        $first = $this->world->call('GetEPPCode', $de);
        $second = $this->world->call('GetEPPCode', $de);
        $this->assertNotSame('', $first['eppcode'] ?? '', json_encode($first));
        $this->assertNotSame($first['eppcode'], $second['eppcode'] ?? null);
        $this->assertSame(['DENIC_CreateAuthInfo1', 'DENIC_CreateAuthInfo1'], $this->world->simulator->receivedCommands());

        // .eu: requested from EURid, returned.
        $eu = $this->world->domain(World::unique('eu'));
        $this->assertSame(['success' => true], $this->world->call('RegisterDomain', $eu, ['country' => 'DE', 'countrycode' => 'DE', 'postcode' => '10115', 'city' => 'Berlin']));
        $this->world->simulator->control(['clear_log' => true]);
        $code = $this->world->call('GetEPPCode', $eu);
        $this->assertNotSame('', $code['eppcode'] ?? '', json_encode($code));
        $this->assertSame(['RequestDomainAuthInfo'], $this->world->simulator->receivedCommands());

        // .be: DNS Belgium e-mails it to the registrant; answered as sample-registrar-module
        // answers an e-mailed code.
        $be = $this->world->domain(World::unique('be'));
        $this->assertSame(['success' => true], $this->world->call('RegisterDomain', $be));
        $this->assertSame(['success' => 'success'], $this->world->call('GetEPPCode', $be));
        $this->assertStringContainsString('transfer code sent to the registrant', $this->lastActivity());

        // Others: the registry's code from StatusDomain, never in the module log.
        $com = $this->world->domain(World::unique('com'));
        $this->world->call('RegisterDomain', $com);
        $code = $this->world->call('GetEPPCode', $com)['eppcode'] ?? '';
        $this->assertNotSame('', $code);
        $logged = Capsule::table('tblmodulelog')->pluck('response')->implode("\n");
        $this->assertStringNotContainsString($code, $logged);
    }

    public function testARegistrantChangeTheRegistryTradesLogsItsCostForTheAdmin(): void
    {
        $name = World::unique('fr');
        $id = $this->world->domain($name);
        \Harness\Seed::additionalField($id, 'Legal Type', 'INDIV');
        $registered = $this->world->call('RegisterDomain', $id);
        $this->assertSame(['success' => true], $registered, json_encode($registered));
        $registrant = $this->world->call('GetContactDetails', $id)['Registrant'];
        $newOwner = ['First Name' => 'Augusta', 'Last Name' => 'King', 'Email Address' => 'augusta@example.org'] + $registrant;
        $this->world->simulator->control(['clear_log' => true]);
        $this->assertSame(['success' => true], $this->world->call('SaveContactDetails', $id, ['contactdetails' => ['Registrant' => $newOwner]]));
        $this->assertSame(['StatusDomain', 'AddContact', 'StatusContact', 'QueryDomainOptions', 'TradeDomain', 'StatusUser'], $this->world->simulator->receivedCommands());
        $this->assertSame("ispapi: change of registrant (trade) of $name cost 8.90 EUR", $this->lastActivity());
        $this->assertSame('Augusta', $this->world->call('GetContactDetails', $id)['Registrant']['First Name']);

        $fields = $this->world->call('AdminDomainsTabFields', $id);
        $this->assertSame(['Trade costs'], array_keys($fields), json_encode($fields));
        $this->assertMatchesRegularExpression('/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} 8\.90 EUR$/', $fields['Trade costs']);
    }
}
