<?php
// routes
