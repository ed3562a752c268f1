<?php
namespace Magento\Catalog\Block\Product;

class View extends AbstractProduct
{
}
