<?php
namespace Magento\Checkout\Model;

use Magento\Checkout\Api\PaymentInformationManagementInterface;

class PaymentInformationManagement implements PaymentInformationManagementInterface
{
    public function savePaymentInformationAndPlaceOrder($cartId, $paymentMethod)
    {
        return 0;
    }
}
