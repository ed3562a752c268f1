"""Readers of a Magento installation's files. They read and parse; they never judge."""
