<?php
namespace Custom\Catalog\Model;

use Magento\Checkout\Api\CartInterface;

/**
 * Replaces the cart without extending it.
 */
class Cart implements CartInterface
{
}
