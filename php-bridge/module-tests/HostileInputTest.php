<?php

declare(strict_types=1);

namespace IspapiCore\ModuleTests;

use IspapiCore\ModuleTests\Support\World;
use PHPUnit\Framework\TestCase;

/**
 * Every registrar function that sends what a customer or admin typed, fed hostile values; the
 * test reads the exact bytes the API simulator received.
 */
final class HostileInputTest extends TestCase
{
    /** @return array<string, array{0: string}> */
    public static function hostileValues(): array
    {
        return [
            'line feed' => ["x\nCOMMAND=DeleteDomain"],
            'carriage return' => ["x\rDOMAIN=victim.com"],
            'crlf' => ["x\r\nX-ACCEPT-WHOISTRUSTEE-TAC=0\r\n"],
            'nul' => ["x\0COMMAND=DeleteDomain"],
            'line separator' => ["x\u{2028}COMMAND=DeleteDomain"],
            'equals and brackets' => ['a=b[0]=c property[CODE][0] = 200'],
            'very long' => [str_repeat('Ω', 3000)],
            'invalid utf-8' => ["M\xfcller \xc3\x28"],
            'html' => ['<script>alert(1)</script>'],
            'emoji' => ['🦄 Unicorn Ltd'],
        ];
    }

    /** Every command the simulator received is one parameter per line, COMMAND first and once. */
    private function assertWellFormed(array $received, string $value): void
    {
        $this->assertNotEmpty($received);
        foreach ($received as $text) {
            $this->assertStringNotContainsString("\r", $text);
            $this->assertStringNotContainsString("\0", $text);
            $lines = explode("\n", $text);
            $this->assertStringStartsWith('COMMAND=', $lines[0], $text);
            $keys = [];
            foreach ($lines as $i => $line) {
                $this->assertMatchesRegularExpression('/^[A-Z0-9][A-Z0-9_.-]*=/', $line, "line $i of $text");
                $key = strstr($line, '=', true);
                $this->assertNotContains($key, $keys, "parameter $key twice in $text");
                $keys[] = $key;
            }
            $this->assertSame(1, preg_match_all('/^COMMAND=/m', $text));
        }
        // The value arrives as typed, less the characters that could end a line; invalid UTF-8
        // arrives with U+FFFD in place of the broken bytes. (Over-long values are refused.)
        $expected = str_replace(["\r", "\n", "\0"], '', mb_scrub($value, 'UTF-8'));
        $expected = str_replace('?', "\u{FFFD}", $expected);
        if (mb_strlen($expected) <= 255) {
            $this->assertStringContainsString($expected, implode("\n", $received));
        }
    }

    /** @dataProvider hostileValues */
    public function testHostileContactAndNameserverValuesNeverAddAParameter(string $value): void
    {
        $world = World::get();
        $world->useApi('ISPAPI');
        $id = $world->domain(World::unique('com'));
        $world->simulator->control(['reset' => true]);
        $world->call('RegisterDomain', $id, ['address1' => $value, 'companyname' => $value, 'adminaddress1' => $value]);
        $world->call('SaveNameservers', $id, ['ns1' => $value, 'ns2' => "ns2.$value"]);
        $world->call('TransferDomain', $world->domain(World::unique('com')), ['eppcode' => $value]);
        $world->call('RegisterNameserver', $id, ['nameserver' => $value, 'ipaddress' => $value]);
        $world->call('ReleaseDomain', $id, ['transfertag' => $value]);
        $world->call('SaveContactDetails', $id, ['contactdetails' => ['Technical' => [
            'First Name' => $value, 'Last Name' => 'X', 'Address 1' => $value, 'City' => 'C', 'Postcode' => '1',
            'Country' => 'DE', 'Phone Number' => '+49.1', 'Email Address' => 'a@example.org',
        ]]]);
        $this->assertWellFormed($world->simulator->received(), $value);
    }

    /**
     * WHMCS hands form input HTML-encoded and the core decodes it; an error must never give the
     * decoded markup back, as WHMCS shows module errors unescaped on admin pages and in e-mails.
     */
    public function testAnHtmlEncodedLegalTypeIsNotEchoedDecodedInTheError(): void
    {
        $world = World::get();
        $world->useApi('ISPAPI');
        $id = $world->domain(World::unique('ca'));
        \Harness\Seed::additionalField($id, 'Legal Type', '&lt;img src=x onerror=alert(document.cookie)&gt;');
        \Harness\Seed::additionalField($id, 'Contact Language', 'EN');
        $world->simulator->control(['clear_log' => true]);
        $result = $world->call('RegisterDomain', $id);
        $this->assertIsArray($result);
        $error = (string) ($result['error'] ?? '');
        $this->assertStringContainsString('Legal Type', $error, json_encode($result));
        $this->assertStringNotContainsString('<', $error);
        $this->assertStringNotContainsString('onerror=alert(document.cookie)>', $error);
        $this->assertSame([], $world->simulator->receivedCommands(), 'nothing is sent while a field is wrong');
    }
}
