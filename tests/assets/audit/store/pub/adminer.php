<?php // a database tool (stub)
