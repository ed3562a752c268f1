<?php
declare(strict_types=1);

namespace Custom\Catalog\Model;

class ProductUrl extends \Magento\Catalog\Model\Product\Url
{
}
