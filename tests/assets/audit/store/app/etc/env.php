<?php
// Planted secrets: the audit must never print or store any of the *-SECRET-* values.
return [
    'backend' => [
        'frontName' => 'admin'
    ],
    'crypt' => [
        'key' => 'CRYPT-SECRET-7f3a9c1d0b2e4f68'
    ],
    'db' => [
        'table_prefix' => '',
        'connection' => [
            'default' => [
                'host' => 'db.internal:3306',
                'dbname' => 'magento',
                'username' => 'USER-SECRET-magento',
                'password' => 'DBPASS-SECRET-h4rd',
                'model' => 'mysql4',
                'engine' => 'innodb',
                'initStatements' => 'SET NAMES utf8;',
                'active' => '1',
                'driver_options' => [
                    1014 => false
                ]
            ]
        ]
    ],
    'resource' => [
        'default_setup' => [
            'connection' => 'default'
        ]
    ],
    'x-frame-options' => 'SAMEORIGIN',
    'MAGE_MODE' => 'developer',
    'session' => [
        'save' => 'files'
    ],
    'cache' => [
        'frontend' => [
            'default' => [
                'id_prefix' => '69d_',
                'backend' => 'Magento\\Framework\\Cache\\Backend\\Redis',
                'backend_options' => [
                    'server' => '127.0.0.1',
                    'database' => '0',
                    'port' => '6379',
                    'password' => 'REDIS-SECRET-pw'
                ]
            ],
            'page_cache' => [
                'id_prefix' => '69d_'
            ]
        ]
    ],
    'queue' => [
        'amqp' => [
            'host' => 'rabbit',
            'port' => '5672',
            'user' => 'guest',
            'password' => 'AMQP-SECRET-pw',
            'virtualhost' => '/'
        ]
    ],
    'lock' => [
        'provider' => 'db'
    ],
    'system' => [
        'default' => [
            'web' => [
                'unsecure' => [
                    'base_url' => 'https://shop:URL-SECRET-pw@shop.example.test/'
                ]
            ],
            'carriers' => [
                'shipco' => [
                    'access_token' => 'TOKEN-SECRET-abc'
                ]
            ]
        ]
    ],
    'cache_types' => [
        'config' => 1,
        'layout' => 1,
        'block_html' => 0,
        'collections' => 1,
        'full_page' => 0,
        'translate' => 1
    ],
    'install' => [
        'date' => 'Mon, 10 Apr 2023 10:00:00 +0000'
    ]
];
