#!/bin/sh
# no credential here: the password comes from the environment
mysql -u shop -p"$DB_PASSWORD" -e 'select 1'
bin/magento cache:flush
