<?php
// Magento's front controller (stub for tests)
