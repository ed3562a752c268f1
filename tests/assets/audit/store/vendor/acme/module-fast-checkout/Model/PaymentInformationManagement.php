<?php
declare(strict_types=1);

namespace Acme\FastCheckout\Model;

class PaymentInformationManagement extends \Magento\Checkout\Model\PaymentInformationManagement
{
}
