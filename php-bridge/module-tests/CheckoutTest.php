<?php

declare(strict_types=1);

namespace IspapiCore\ModuleTests;

use Harness\Cart;
use Harness\Hooks;
use Harness\Modules;
use Harness\Runtime;
use Harness\Seed;
use IspapiCore\ModuleTests\Support\World;
use PHPUnit\Framework\TestCase;
use WHMCS\Database\Capsule;

/**
 * The transfer pre-check at the cart's checkout (seed 004, "Transfer Checkout Pre-Checks":
 * a wrong auth code or a locked domain is refused before the order is placed), through the
 * registrar's ShoppingCartValidateCheckout hook and the simulator's CheckDomainTransfer
 * (fixtures/simulator/demo.json: locked-elsewhere.net is locked, transfer-me.com's code is
 * Tr4nsfer#Me).
 */
final class CheckoutTest extends TestCase
{
    private World $world;

    /** @var list<int> tbldomainpricing ids this test added */
    private array $seededTlds = [];

    /** @var array<int, string> tbldomainpricing id => the auto-registration it had */
    private array $autoreg = [];

    protected function setUp(): void
    {
        $this->world = World::get();
        $this->world->useApi('ISPAPI');
        $this->world->simulator->control(['reset' => true]);
        foreach (['com' => 'ispapi', 'net' => 'ispapi', 'de' => 'ispapi', 'org' => ''] as $tld => $registrar) {
            $row = Capsule::table('tbldomainpricing')->where('extension', ".$tld")->first();
            if ($row === null) {
                $this->seededTlds[] = Seed::tld($tld, ['USD' => ['register' => [1 => 10.0], 'transfer' => [1 => 10.0]]], ['autoreg' => $registrar]);
            } elseif ($row->autoreg !== $registrar) {
                $this->autoreg[$row->id] = (string) $row->autoreg;
                Capsule::table('tbldomainpricing')->where('id', $row->id)->update(['autoreg' => $registrar]);
            }
        }
        // The hooks WHMCS loads on the checkout page: the registrar's hooks.php.
        Hooks::reset();
        Modules::includeOnce(Runtime::current()->root . '/modules/registrars/ispapi/hooks.php');
        $this->world->simulator->control(['clear_log' => true]);
    }

    protected function tearDown(): void
    {
        Hooks::reset();
        foreach ($this->autoreg as $id => $registrar) {
            Capsule::table('tbldomainpricing')->where('id', $id)->update(['autoreg' => $registrar]);
        }
        if ($this->seededTlds !== []) {
            Capsule::table('tblpricing')->whereIn('relid', $this->seededTlds)->delete();
            Capsule::table('tbldomainpricing')->whereIn('id', $this->seededTlds)->delete();
        }
    }

    public function testALockedDomainIsRefusedAtCheckoutAndNothingIsOrdered(): void
    {
        $result = Cart::checkout($this->world->clientId, 'locked-elsewhere.net', 'transfer', [], ['eppcode' => 'L0cked!Net']);
        $this->assertSame(
            ['locked-elsewhere.net: the domain is locked at its current registrar; the registrant must unlock it before it can be transferred.'],
            $result['errors']
        );
        $this->assertArrayNotHasKey('domainid', $result);
        $this->assertFalse(Capsule::table('tbldomains')->where('domain', 'locked-elsewhere.net')->exists());
    }

    public function testEachTransferOfThisRegistrarsTldsIsCheckedAndTheReasonsShown(): void
    {
        $unregistered = World::unique('com');
        $errors = Cart::validateCheckout($this->world->clientId, [
            ['type' => 'register', 'domain' => World::unique('com')],
            ['type' => 'transfer', 'domain' => 'transfer-me.com', 'eppcode' => 'not-the-code'],
            ['type' => 'transfer', 'domain' => 'taken-' . World::unique('com'), 'eppcode' => ''],
            ['type' => 'transfer', 'domain' => $unregistered, 'eppcode' => 'abc'],
            ['type' => 'transfer', 'domain' => 'transfer-me.de', 'eppcode' => 'DEtr4nsfer1'],
            // .org is sold through another registrar here: its module checks it, not ours.
            ['type' => 'transfer', 'domain' => 'transfer-me.org', 'eppcode' => 'x'],
        ]);
        $this->assertCount(3, $errors, implode("\n", $errors));
        $this->assertSame('transfer-me.com: the auth code (EPP code) is not correct; ask the current registrar for the right one.', $errors[0]);
        $this->assertStringEndsWith(": enter the domain's auth code (EPP code); the current registrar gives it to the registrant.", $errors[1]);
        $this->assertStringStartsWith("$unregistered: the domain cannot be transferred (", $errors[2]);
        $checked = array_values(array_filter($this->world->simulator->received(), static fn (string $t): bool => str_starts_with($t, "COMMAND=CheckDomainTransfer\n")));
        $this->assertCount(4, $checked);
        $this->assertStringNotContainsString('transfer-me.org', implode("\n", $checked));
    }

    /**
     * Issue #18: on CNR, CheckDomainTransfer answers only for .com .net .jobs .org .biz .info .name
     * .mobi (KB api-command/CheckDomainTransfer): those are checked at checkout, any other TLD
     * passes unchecked rather than be refused by a check CNR cannot make. CNR's reply has no
     * AUTHISVALID, so a wrong auth code is not found before payment on CNR (its lock is).
     */
    public function testOnCnrOnlyTheTldsCnrCanCheckAreCheckedAtCheckout(): void
    {
        $this->world->useApi('CNR');
        $this->world->simulator->control(['clear_log' => true]);
        $errors = Cart::validateCheckout($this->world->clientId, [
            ['type' => 'transfer', 'domain' => 'transfer-me.com', 'eppcode' => 'not-the-code'],
            ['type' => 'transfer', 'domain' => 'locked-elsewhere.net', 'eppcode' => 'L0cked!Net'],
            ['type' => 'transfer', 'domain' => 'transfer-me.de', 'eppcode' => 'not-the-code'],
        ]);
        $this->assertSame([
            'locked-elsewhere.net: the domain is locked at its current registrar; the registrant must unlock it before it can be transferred.',
        ], $errors);
        $checked = array_values(array_filter($this->world->simulator->received(), static fn (string $t): bool => str_starts_with($t, "COMMAND=CheckDomainTransfer\n")));
        $this->assertCount(2, $checked);
        $this->assertStringNotContainsString('transfer-me.de', implode("\n", $checked));
    }

    public function testATransferThatCanSucceedIsOrdered(): void
    {
        $result = Cart::checkout($this->world->clientId, 'transfer-me.com', 'transfer', [], ['eppcode' => 'Tr4nsfer#Me']);
        $this->assertSame([], $result['errors']);
        $this->assertArrayHasKey('domainid', $result);
        Capsule::table('tbldomains')->where('id', $result['domainid'])->delete();
    }

    public function testWithTheSettingOffTheCheckoutChecksNothing(): void
    {
        $this->world->useApi('ISPAPI', ['TransferCheck' => '']);
        $this->assertSame([], Cart::validateCheckout($this->world->clientId, [
            ['type' => 'transfer', 'domain' => 'locked-elsewhere.net', 'eppcode' => 'L0cked!Net'],
        ]));
        $this->assertSame([], $this->world->simulator->receivedCommands());
    }
}
