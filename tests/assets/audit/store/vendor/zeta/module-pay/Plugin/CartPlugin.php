<?php
namespace Zeta\Pay\Plugin;

class CartPlugin
{
    public function aroundAddProduct($subject, callable $proceed, ...$args)
    {
        // forgets nothing, but the audit cannot know that
        return $proceed(...$args);
    }

    public function aroundUpdateItems($subject, callable $proceed, $data)
    {
        return $proceed($data);
    }
}
