<?php

declare(strict_types=1);

namespace WHMCS\View\Menu;

/**
 * A client-area menu or sidebar item, the methods developer-docs themes/sidebars.md and
 * themes/navigation.md use: addChild(name, [label, uri, order, icon]), getChild (null when
 * absent), removeChild, setLabel/setUri/setOrder (chainable), getChildren in order. Items
 * without an order go after the ordered ones in insertion order (unverified).
 */
class Item
{
    /** @var array<string, Item> */
    private array $children = [];
    private string $label;
    private string $uri = '';
    private ?int $order = null;

    /** @param array<string, mixed> $attributes */
    public function __construct(private readonly string $name, array $attributes = [])
    {
        $this->label = (string) ($attributes['label'] ?? $name);
        $this->uri = (string) ($attributes['uri'] ?? '');
        $this->order = isset($attributes['order']) ? (int) $attributes['order'] : null;
    }

    /** @param array<string, mixed> $attributes */
    public function addChild(string $name, array $attributes = []): self
    {
        return $this->children[$name] = new self($name, $attributes);
    }

    public function getChild(string $name): ?self
    {
        return $this->children[$name] ?? null;
    }

    public function removeChild(string $name): self
    {
        unset($this->children[$name]);
        return $this;
    }

    public function hasChildren(): bool
    {
        return $this->children !== [];
    }

    /** @return list<Item> */
    public function getChildren(): array
    {
        $items = array_values($this->children);
        $position = array_flip(array_keys($this->children));
        usort($items, static fn (Item $a, Item $b): int => [$a->order ?? PHP_INT_MAX, $position[$a->name]] <=> [$b->order ?? PHP_INT_MAX, $position[$b->name]]);
        return $items;
    }

    public function getName(): string
    {
        return $this->name;
    }

    public function getLabel(): string
    {
        return $this->label;
    }

    public function setLabel(string $label): self
    {
        $this->label = $label;
        return $this;
    }

    public function getUri(): string
    {
        return $this->uri;
    }

    public function setUri(string $uri): self
    {
        $this->uri = $uri;
        return $this;
    }

    public function getOrder(): ?int
    {
        return $this->order;
    }

    public function setOrder(int $order): self
    {
        $this->order = $order;
        return $this;
    }
}
