"""Hold the provider to account: ticket history -> SLA compliance, credits, hours ledger, invoice check."""
