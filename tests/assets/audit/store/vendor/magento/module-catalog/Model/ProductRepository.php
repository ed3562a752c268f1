<?php
namespace Magento\Catalog\Model;

use Magento\Catalog\Api\ProductRepositoryInterface;

/**
 * class NotThis extends Something  (a comment must not be read as the declaration)
 */
class ProductRepository implements ProductRepositoryInterface
{
    public function get($sku, $editMode = false, $storeId = null, $forceReload = false)
    {
        return null;
    }
}
