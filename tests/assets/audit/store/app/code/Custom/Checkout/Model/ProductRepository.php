<?php
namespace Custom\Checkout\Model;

use Magento\Catalog\Model\ProductRepository as CoreRepository;

class ProductRepository extends CoreRepository
{
}
