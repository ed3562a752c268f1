"""Bundled data of `watch`: crawler ranges (crawlers.json) and the Magento rule pack."""
