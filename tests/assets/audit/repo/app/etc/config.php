<?php
return [
    'modules' => [
        'Magento_Catalog' => 1,
        'Magento_Checkout' => 1,
        'Magento_Customer' => 1,
        'Magento_Sales' => 1,
        'Magento_GraphQl' => 1,
        'Magento_CatalogGraphQl' => 1,
        'Magento_TwoFactorAuth' => 0,
        'Dotdigitalgroup_Email' => 1,
        'Hyva_Theme' => 1,
        'Hyva_GraphqlTokens' => 1,
        'AcmeLabs_QuickOrder' => 1,
        'AcmeLabs_GiftWrap' => 0,
        'Ebizmarts_SagePaySuite' => 1,
        'Custom_Catalog' => 1,
        'Custom_Seo' => 1,
        'Custom_Missing' => 1
    ],
    'system' => [
        'default' => [
            'customer' => [
                'captcha' => [
                    'enable' => '1'
                ]
            ],
            'catalog' => [
                'search' => [
                    'engine' => 'opensearch'
                ]
            ]
        ]
    ]
];
