<?php
declare(strict_types=1);

namespace Custom\Seo\Model;

/**
 * Extends the other module's class with a fully qualified name: resolved against the root namespace,
 * never against Custom\Seo\Model.
 */
class ProductUrl extends \Custom\Catalog\Model\ProductUrl
{
}
