<?php
namespace Magento\Catalog\Block\Product;

class AbstractProduct
{
}
