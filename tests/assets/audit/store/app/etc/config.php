<?php
return [
    'modules' => [
        'Magento_Catalog' => 1,
        'Magento_Customer' => 1,
        'Magento_Quote' => 1,
        'Magento_Checkout' => 1,
        'Magento_TwoFactorAuth' => 0,
        'Acme_FastCheckout' => 1,
        'Acme_ErpConnector' => 1,
        'Custom_Checkout' => 1,
        'Old_Disabled' => 0,
        'Shipco_ShippingRates' => 1,
        'Zeta_Pay' => 1,
    ],
    'system' => [
        'default' => [
            'catalog' => [
                'search' => [
                    'engine' => 'opensearch',
                ],
            ],
            'payment' => [
                'zeta' => [
                    'api_key' => 'CFG-APIKEY-SECRET-77',
                    'title' => "Zeta \"Pay\"",
                ],
            ],
        ],
    ],
];
