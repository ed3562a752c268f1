"""Store audit: read a Magento 2 / Adobe Commerce installation from disk and report what support must carry."""
