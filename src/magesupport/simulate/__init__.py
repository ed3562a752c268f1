"""Monte Carlo cost-and-risk simulation: what each package really costs a store, mean and tail."""
