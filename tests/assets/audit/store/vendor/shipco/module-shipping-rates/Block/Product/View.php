<?php
namespace Shipco\ShippingRates\Block\Product;

class View extends \Magento\Catalog\Block\Product\View
{
}
