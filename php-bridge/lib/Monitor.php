<?php

declare(strict_types=1);

namespace IspapiCore;


/**
 * Runs the core's monitoring flows (monitor_step: ListPage, FixBatch, Account, PremiumCheck)
 * for the dashboard widgets and the domain-monitoring addon: the core names each API command,
 * this class sends it and feeds the reply back, as Registrar does for registrar functions.
 * It decides nothing; the database changes the core returns are applied by apply().
 */
final class Monitor
{
    private readonly Core $core;
    private ?ApiClient $client = null;

    /** @param array<string, mixed> $settings the registrar's settings (getRegistrarConfigOptions) */
    public function __construct(private readonly array $settings, ?Core $core = null, ?ApiClient $client = null)
    {
        $this->core = $core ?? Core::shared();
        $this->client = $client;
    }

    /** For the registrar module's saved settings; throws when the module is not set up. */
    public static function forRegistrar(): self
    {
        try {
            $settings = Registrar::savedSettings();
        } catch (\RuntimeException $e) {
            throw new CoreException('invalid_settings', 'ispapi: ' . $e->getMessage(), 'monitor');
        }
        if ($settings === []) {
            throw new CoreException(
                'invalid_settings',
                'the ISPAPI registrar module is not activated: activate it under Setup > Domain Registrars',
                'monitor'
            );
        }
        // Missing or invalid credentials are reported by the core when the first command is built.
        return new self($settings);
    }

    public function core(): Core
    {
        return $this->core;
    }

    /** ispapi or cnr, as the core reads the settings. */
    public function api(): string
    {
        return strtoupper((string) ($this->settings['API'] ?? '')) === 'CNR' ? 'cnr' : 'ispapi';
    }

    /**
     * Runs one monitoring flow to its end.
     *
     * @param array<string, mixed> $args
     * @return array{result: mixed, db: list<array<string, mixed>>, activity: list<string>}
     */
    public function run(string $function, array $args = []): array
    {
        $transcript = [];
        while (true) {
            $step = $this->core->call('monitor_step', [
                'function' => $function,
                'params' => (object) $this->settings,
                'args' => (object) $args,
                'transcript' => $transcript,
            ]);
            if ($step['step'] !== 'send') {
                return [
                    'result' => $step['result'],
                    'db' => $step['db'] ?? [],
                    'activity' => $step['activity'] ?? [],
                ];
            }
            $this->client ??= Registrar::client($this->core, $this->settings);
            $response = $this->client->request($step['command']);
            $transcript[] = ['command' => (object) $step['command'], 'response' => $response];
        }
    }
}
