<?php
namespace Zeta\Pay\Model;

use Magento\Checkout\Api\PaymentInformationManagementInterface;

final class PaymentManagement implements PaymentInformationManagementInterface
{
    public function savePaymentInformationAndPlaceOrder($cartId, $paymentMethod)
    {
        return 1;
    }
}
