<?php
namespace Acme\FastCheckout\Plugin;

class QuoteTotals
{
    public function afterCollectTotals($subject, $result)
    {
        return $result;
    }
}
