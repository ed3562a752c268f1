<?php
namespace Magento\Checkout\Model;

class Cart
{
    public function addProduct($productInfo, $requestInfo = null)
    {
        return $this;
    }

    public function save()
    {
        return $this;
    }
}
