<?php
// Planted secrets: the audit must never print or store any of the *-SECRET-* values.
return [
    'backend' => ['frontName' => 'shop_admin_7q'],
    'crypt' => ['key' => 'REPO-CRYPT-SECRET-91ab'],
    'db' => [
        'connection' => [
            'default' => [
                'host' => 'localhost',
                'dbname' => 'shop',
                'username' => 'REPO-USER-SECRET-shop',
                'password' => 'REPO-DBPASS-SECRET-x9'
            ]
        ]
    ],
    'MAGE_MODE' => 'production',
    'x-frame-options' => 'ALLOW-FROM https://partner.example',
    'session' => ['save' => 'redis', 'redis' => ['password' => 'REPO-REDIS-SECRET-pw']],
    'cache_types' => ['config' => 1, 'full_page' => 1],
    'http_cache_hosts' => [['host' => '127.0.0.1', 'port' => '6081']]
];
