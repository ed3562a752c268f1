<?php
namespace Acme\FastCheckout\Plugin;

use Magento\Checkout\Model\Cart;

class CartPlugin
{
    public function aroundAddProduct(Cart $subject, callable $proceed, $productInfo, $requestInfo = null)
    {
        return $proceed($productInfo, $requestInfo);
    }

    public function beforeSave(Cart $subject)
    {
        return null;
    }
}
