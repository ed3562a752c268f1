<?php
namespace Shipco\ShippingRates\Plugin;

class PricePlugin
{
    public function afterGetFinalPrice($subject, $result)
    {
        return $result;
    }
}
