<?php
return [
    'crypt' => ['key' => 'HOSTILE-SECRET-key'],
    'db' => ['connection' => ['default' => ['password' => 'HOSTILE-SECRET-db'
    // the array is never closed: the parser must give up with a line number, not crash
];
