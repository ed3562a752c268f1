"""Contract and provider review: rules that run on a quote, findings, and the scores built from them."""
