<?php /* loader */ phpinfo ( );
