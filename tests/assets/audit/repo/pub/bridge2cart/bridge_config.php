<?php
define('M1_TOKEN', 'BRIDGE-SECRET-1f2e3d4c5b6a');
