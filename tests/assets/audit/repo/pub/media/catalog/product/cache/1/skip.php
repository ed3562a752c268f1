<?php // a cached copy: skipped by rule
