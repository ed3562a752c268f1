"""magesupport: choose a Magento / Adobe Commerce support package and hold it to account."""

__version__ = "0.1.0"
