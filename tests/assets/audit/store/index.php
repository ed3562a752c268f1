<?php
// Magento root front controller (stub for tests)
