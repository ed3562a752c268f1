<?php
namespace Acme\FastCheckout\Block\Product;

use Magento\Catalog\Block\Product\View as CoreView;

class View extends CoreView
{
}
