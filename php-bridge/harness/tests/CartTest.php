<?php

declare(strict_types=1);

namespace Harness\Tests;

use Harness\Cart;
use Harness\Seed;
use WHMCS\Database\Capsule;

/** The cart's Domains Configuration step with WHMCS's and the admin's field files only. */
final class CartTest extends HarnessTestCase
{
    protected function setUp(): void
    {
        parent::setUp();
        mkdir("$this->dir/resources/domains", 0777, true);
        file_put_contents("$this->dir/resources/domains/dist.additionalfields.php", <<<'PHP'
            <?php
            $additionaldomainfields['.uk'][] = ['Name' => 'Legal Type', 'LangVar' => 'uklegaltype', 'Type' => 'dropdown',
                'Options' => 'IND|Individual,LTD|UK Limited Company', 'Required' => true];
            $additionaldomainfields['.uk'][] = ['Name' => 'Company ID Number', 'Type' => 'text',
                'Required' => ['Legal Type' => ['LTD']]];
            $additionaldomainfields['.uk'][] = ['Name' => 'Registrant Name', 'Type' => 'text', 'Required' => true];
            $additionaldomainfields['.uk'][] = ['Name' => 'Agree', 'Type' => 'tickbox', 'Required' => true];
            PHP);
        // The admin hides one field and relabels another ("Custom Domain Fields").
        file_put_contents("$this->dir/resources/domains/additionalfields.php", <<<'PHP'
            <?php
            $additionaldomainfields['.uk'][] = ['Name' => 'Registrant Name', 'Remove' => true];
            $additionaldomainfields['.uk'][] = ['Name' => 'Company ID Number', 'DisplayName' => 'Company number'];
            PHP);
    }

    public function testTheStepShowsTheFilesFieldsWithTheAdminsChanges(): void
    {
        $fields = Cart::domainFields('example.uk');
        self::assertSame(['Legal Type', 'Company ID Number', 'Agree'], array_column($fields, 'name'));
        self::assertSame([['IND', 'Individual'], ['LTD', 'UK Limited Company']], $fields[0]['options']);
        self::assertSame('Company number', $fields[1]['label']);
        self::assertSame(['Legal Type' => ['LTD']], $fields[1]['required'], 'the admin changed only the label');

        mkdir("$this->dir/lang/overrides", 0777, true);
        file_put_contents("$this->dir/lang/overrides/english.php", "<?php\n\$_LANG['uklegaltype'] = 'Type of owner';\n");
        self::assertSame('Type of owner', Cart::domainFields('example.uk')[0]['label']);
    }

    public function testRequiredFieldsAndConditionalOnesStopTheStep(): void
    {
        $refused = Cart::submitDomainFields('example.uk', ['Legal Type' => 'LTD']);
        self::assertSame(['Missing required field: Company number', 'Missing required field: Agree'], $refused['errors']);
        $passed = Cart::submitDomainFields('example.uk', ['Legal Type' => 'IND', 'Agree' => 'on']);
        self::assertSame([], $passed['errors'], 'the company number is required for companies only');
        self::assertSame(['Legal Type' => 'IND', 'Company ID Number' => '', 'Agree' => 'on'], $passed['values']);
        // A dropdown left alone posts its first option.
        self::assertSame('IND', Cart::submitDomainFields('example.uk', ['Agree' => 'on'])['values']['Legal Type']);
    }

    public function testTheValidationHookAddsItsErrors(): void
    {
        add_hook('ShoppingCartValidateDomainsConfig', 1, static fn (array $vars) => 'No ' . $vars['domain'] . ' today');
        try {
            $refused = Cart::submitDomainFields('example.uk', ['Legal Type' => 'IND', 'Agree' => 'on']);
            self::assertSame(['No example.uk today'], $refused['errors']);
        } finally {
            \Harness\Hooks::reset();
        }
    }

    public function testCheckoutSavesTheValuesWithTheDomain(): void
    {
        $client = Seed::client();
        $refused = Cart::checkout($client, 'example.uk', 'register', []);
        self::assertNotSame([], $refused['errors']);
        self::assertSame(0, Capsule::table('tbldomains')->count());

        $order = Cart::checkout($client, 'example.uk', 'register', ['Legal Type' => 'LTD', 'Company ID Number' => '0123', 'Agree' => '1']);
        self::assertSame([], $order['errors']);
        $saved = Capsule::table('tbldomainsadditionalfields')->where('domainid', $order['domainid'])->pluck('value', 'name')->all();
        self::assertSame(['Legal Type' => 'LTD', 'Company ID Number' => '0123', 'Agree' => 'on'], $saved);
        self::assertSame('Pending', Capsule::table('tbldomains')->where('id', $order['domainid'])->value('status'));
    }
}
