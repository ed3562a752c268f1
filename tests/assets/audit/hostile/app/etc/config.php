<?php
return [
    'modules' => [
        'Evil_Module' => 1,
    ],
];
