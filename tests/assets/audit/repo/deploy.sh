#!/bin/sh
set -e
DB_USER=shop
DB_PASSWORD='SCRIPT-SECRET-s3cr3t'
mysqldump -u "$DB_USER" -p"$DB_PASSWORD" shop > /tmp/shop.sql
bin/magento setup:upgrade --keep-generated
