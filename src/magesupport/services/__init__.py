"""Use cases: each function takes plain arguments, returns a result object, never prints."""
