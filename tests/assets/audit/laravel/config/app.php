<?php
return ['name' => 'Laravel'];
