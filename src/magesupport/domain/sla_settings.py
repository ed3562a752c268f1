"""store.yaml's `sla:` block: how to read the desk's exports and which quote is the signed contract."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Field, field_validator

from magesupport.domain.base import Severity, SeverityField, Strict, Tags
from magesupport.domain.units import DateField, Timezone


def _lower_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k).strip().lower(): v for k, v in value.items()}
    return value


class GenericColumns(Strict):
    """Column names of a CSV export from any desk (`sla import --from generic`)."""

    ticket_id: str = "id"
    priority: str = "priority"
    created: str = "created"
    first_response: str | None = "first_response"
    resolved: str | None = "resolved"
    status: str | None = None
    reopens: str | None = None
    time_format: str | None = Field(
        default=None, description="a strptime format such as %d.%m.%Y %H:%M when times are not ISO 8601"
    )


class EventLogSettings(Strict):
    """An event log: one row per ticket update (`sla import --from eventlog`)."""

    ticket_id: str = "ticket_id"
    time: str = "time"
    state: str = "state"
    priority: str = "priority"
    actor: str | None = "actor"
    new_states: Tags = ("new",)
    pause_states: Tags = (
        "pending",
        "on hold",
        "on-hold",
        "awaiting customer",
        "waiting for customer",
        "waiting on customer",
    )
    resolved_states: Tags = ("resolved", "solved", "closed", "done")
    agent_actors: Tags = ("agent", "staff", "support")
    time_format: str | None = Field(default=None, description="a strptime format when times are not ISO 8601")


def _names(value: Any) -> Any:
    """`columns: {created: Fecha}` or `{created: [Fecha, Alta]}`: extra header names for a field."""
    if isinstance(value, dict):
        return {str(k).strip().lower(): [v] if isinstance(v, str) else v for k, v in value.items()}
    return value


class PullDesk(Strict):
    """Where `sla pull DESK` reads: the desk's address and the environment variables holding the secrets."""

    url: str | None = None  # https://acme.zendesk.com, https://acme.atlassian.net, https://acme.freshdesk.com
    user_env: str | None = None  # variable with the account (Zendesk and Jira: the agent's email)
    token_env: str | None = None  # variable with the API token or key (never stored in store.yaml)
    jql: str | None = None  # Jira: which issues (default: every project you can read)


class PullSettings(Strict):
    zendesk: PullDesk = PullDesk()
    jira: PullDesk = PullDesk()
    freshdesk: PullDesk = PullDesk()


class SlaSettings(Strict):
    """How `magesupport sla` and `calibrate` read the history, and against which contract."""

    contract_quote: str | None = None  # id of the signed quote under quotes/
    timezone: Timezone | None = None  # the desk's timezone for exports without offsets (default: the store's)
    priorities: Annotated[dict[str, SeverityField], BeforeValidator(_lower_keys)] = {}
    unset_priority: SeverityField = Severity.P3  # severity of tickets whose priority is empty
    generic: GenericColumns = GenericColumns()
    event_log: EventLogSettings = EventLogSettings()
    time_format: str | None = None  # a strptime format for every importer, when the desk writes other times
    columns: Annotated[dict[str, list[str]], BeforeValidator(_names)] = {}  # field -> extra header names
    agents: Tags = ()  # the provider's accounts (names, ids, emails): only they give first responses
    pull: PullSettings = PullSettings()
    db: str | None = None  # SQLite file (relative to the workspace) or a postgresql:// URL
    contract_start: DateField | None = None
    cutover: DateField | None = None

    @field_validator("db")
    @classmethod
    def _db(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("expected a file name or a database URL, got an empty text")
        return value
