"""Load and validate workspaces (store.yaml, quotes/*.yaml) with file:line errors; scaffold new ones."""
