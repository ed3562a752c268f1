<?php
// cart migration bridge
require 'bridge_config.php';
