"""The deterministic comparison (the quick view): committed cost, stated workload, response, needs."""
