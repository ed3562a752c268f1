"""Names the CLI offers before any model loads (so that `--help` stays light); tests hold each list equal
to the registry it names."""

from __future__ import annotations

# `sla import --from`: one per importer in sla/sources (IMPORTERS)
EXPORT_FORMATS = ("zendesk", "zendesk-json", "jira", "freshdesk", "generic", "eventlog")

# `audit baseline` and `audit diff`: the manifest in the current folder unless --manifest says otherwise
DEFAULT_MANIFEST = "magesupport-baseline.tsv"
