"""The local web app (`magesupport serve`): server-rendered pages in front of the same services as the CLI.

It sits beside the CLI, above the services: it imports services, formats and the domain, never an engine or
an adapter (import-linter contracts in pyproject.toml). The workspace files stay the source of truth.
"""
