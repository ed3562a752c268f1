"""Names the CLI offers before any model loads (so that `--help` stays light); tests hold each list equal
to the registry it names."""

from __future__ import annotations

# `sla import --from`: one per importer in sla/sources (IMPORTERS); the layout is read from the file
EXPORT_FORMATS = ("zendesk", "jira", "freshdesk", "servicenow", "generic", "eventlog")
# old names kept working, out of the help (sla/sources ALIASES)
EXPORT_ALIASES = {"zendesk-json": "zendesk"}
# `sla pull`: desks with a REST API we read
PULL_DESKS = ("zendesk", "jira", "freshdesk")

# `audit baseline` and `audit diff`: the manifest in the current folder unless --manifest says otherwise
DEFAULT_MANIFEST = "magesupport-baseline.tsv"
