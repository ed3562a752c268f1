<?php
return [
    'modules' => [
        'Magento_Catalog' => 1,
        'Magento_TwoFactorAuth' => 1
    ]
];
