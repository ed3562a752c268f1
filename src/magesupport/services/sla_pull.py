"""`magesupport sla pull DESK DIR --since DATE`: the desk's tickets over its REST API into the store.

The address comes from --url or store.yaml's `sla.pull.<desk>.url`; the account and token from environment
variables (defaults below, or the names in `sla.pull.<desk>.user_env` / `token_env`): read when the pull
runs, sent only in the Authorization header, never stored or printed. Each pull resumes from the cursor the
last one saved for the source (saved in the import's own transaction), or starts at --since.
"""

from __future__ import annotations

import os
from pathlib import Path

from magesupport.domain.choices import PULL_DESKS
from magesupport.domain.errors import UsageError
from magesupport.domain.results_sla import ImportResult

ENV = {  # desk -> (account variable or None, token variable)
    "zendesk": ("MAGESUPPORT_ZENDESK_EMAIL", "MAGESUPPORT_ZENDESK_TOKEN"),
    "jira": ("MAGESUPPORT_JIRA_EMAIL", "MAGESUPPORT_JIRA_TOKEN"),
    "freshdesk": (None, "MAGESUPPORT_FRESHDESK_KEY"),
}
CURSOR = {"zendesk": "zendesk.after_cursor", "jira": "jira.updated", "freshdesk": "freshdesk.updated_since"}


def _credentials(desk: str, user_env: str | None, token_env: str | None) -> tuple[str, str]:
    user_var = user_env or ENV[desk][0]
    token_var = token_env or ENV[desk][1]
    token = os.environ.get(token_var, "")
    if not token:
        raise UsageError(
            f"set {token_var} to the {desk} API token (read from the environment when the pull runs, never stored)"
        )
    if desk == "freshdesk":
        return token, "X"  # Freshdesk: the API key as the user name
    user = os.environ.get(user_var or "", "")
    if not user:
        raise UsageError(f"set {user_var} to the {desk} account (the agent's email) the token belongs to")
    return (f"{user}/token", token) if desk == "zendesk" else (user, token)


def pull_tickets(
    root: str | Path,
    desk: str,
    since: str | None = None,
    url: str | None = None,
    source: str | None = None,
    db: str | None = None,
) -> ImportResult:
    from magesupport.services.sla import import_options, import_result, open_ticket_store, parse_instant
    from magesupport.sla.sources import pull
    from magesupport.sla.sources.interface import assemble
    from magesupport.workspace.loader import load_store

    if desk not in PULL_DESKS:
        raise UsageError(f"unknown desk {desk!r} (choose {', '.join(PULL_DESKS)})")
    root = Path(root)
    profile, _doc = load_store(root)
    settings = getattr(profile.sla.pull, desk)
    base = url or settings.url
    if not base:
        raise UsageError(f"where is the {desk}? pass --url or set sla.pull.{desk}.url in store.yaml")
    name = source or desk
    options = import_options(profile)
    store = open_ticket_store(root, profile, db)
    try:
        cursor = store.cursor(name, CURSOR[desk])
        if cursor is None and since is None:
            raise UsageError(f"no earlier pull of source {name!r}: pass --since (e.g. --since 2026-01-01)")
        start = parse_instant(since, options.timezone, "--since") if since else 0.0
        if since is not None:
            cursor = None  # --since restarts from that date
        api = pull.Api(base, _credentials(desk, settings.user_env, settings.token_env), desk)
        try:
            if desk == "zendesk":
                pulled = pull.pull_zendesk(api, start or 0.0, cursor, options)
            elif desk == "jira":
                pulled = pull.pull_jira(api, start or 0.0, cursor, options, settings.jql)
            else:
                pulled = pull.pull_freshdesk(api, start or 0.0, cursor, options)
        finally:
            api.close()
        imported = assemble(pulled.raw, options)
        imported.notes.insert(
            0,
            f"{pulled.requests} requests to {base}"
            + (f"; waited {len(pulled.waits)} times on the rate limit ({sum(pulled.waits):g} s)" if pulled.waits else "")
            + ("; resumed from the last pull's cursor" if cursor else ""),
        )
        counts = store.import_frame(
            imported.frame, name, desk, f"{desk} API", imported.rows_read, len(imported.skipped), pulled.cursors
        )
    finally:
        store.close()
    return import_result(f"{desk} API ({base})", desk, name, store, imported, counts, profile, options.timezone)
