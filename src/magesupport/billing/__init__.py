"""Billing: a package's terms applied to work, task by task and month by month."""
