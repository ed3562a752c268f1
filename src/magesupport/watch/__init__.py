"""watch: predictive monitoring from the store's own logs (access, slow query, Monolog, PHP-FPM)."""
