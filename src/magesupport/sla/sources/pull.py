"""`sla pull`: the desks' REST APIs page by page (httpx), into the same raw columns as their exports.

* Zendesk: the cursor-based incremental ticket export (`/api/v2/incremental/tickets/cursor.json`, metric
  sets sideloaded), then the metric events of those tickets since the oldest one's creation (pauses, the
  desk's verdicts). Cursor kept: `after_cursor`.
* Jira: `/rest/api/3/search/jql` with `updated >= "..."` ordered by update, `nextPageToken` pages. Cursor kept:
  the newest `updated` seen.
* Freshdesk: `/api/v2/tickets?updated_since=...&include=stats`, pages followed through the `Link` header.
  Cursor kept: the newest `updated_at` seen.

A 429 (or 503) waits for `Retry-After` (seconds or an HTTP date; else 1, 2, 4 ... s, at most 60) and tries
again, up to RETRIES times. Credentials travel in the Authorization header only: never in a URL, a message
or the store.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from magesupport.domain.errors import SlaPullError
from magesupport.sla.sources.interface import ImportOptions, RawTickets

RETRIES = 6
MAX_WAIT = 60.0
SLEEP: Callable[[float], None] = time.sleep  # tests replace it: no test waits for real
TIMEOUT = 30.0


@dataclass
class Pulled:
    raw: RawTickets
    cursors: dict[str, str]
    requests: int = 0
    waits: list[float] = field(default_factory=list)


class Api:
    """GET JSON from one desk, with rate-limit backoff; counts requests and waits."""

    def __init__(self, base: str, auth: tuple[str, str], desk: str) -> None:
        import httpx

        self.base = base.rstrip("/")
        self.desk = desk
        self.client = httpx.Client(auth=auth, timeout=TIMEOUT, headers={"Accept": "application/json"})
        self.requests = 0
        self.waits: list[float] = []

    def close(self) -> None:
        self.client.close()

    def get(self, url: str, params: dict[str, Any] | None = None) -> tuple[Any, Any]:
        import httpx

        target = url if url.startswith("http") else self.base + url
        for attempt in range(RETRIES + 1):
            self.requests += 1
            try:
                response = self.client.get(target, params=params or None)  # {} would drop the query of a next-page URL
            except httpx.HTTPError as exc:
                raise SlaPullError(f"{self.desk}: cannot reach {self.base}: {type(exc).__name__}") from None
            if response.status_code in (429, 503) and attempt < RETRIES:
                wait = retry_after(response.headers.get("Retry-After"), attempt)
                self.waits.append(wait)
                SLEEP(wait)
                continue
            if response.status_code >= 400:
                raise SlaPullError(
                    f"{self.desk}: {response.request.url.copy_with(query=None)} answered "
                    f"{response.status_code} {response.reason_phrase}" + _hint(response.status_code)
                )
            try:
                return response.json(), response.headers
            except ValueError:
                raise SlaPullError(f"{self.desk}: {target} did not answer JSON") from None
        raise SlaPullError(f"{self.desk}: still rate-limited after {RETRIES} retries; try again later")


def _hint(status: int) -> str:
    return " (check the account and token variables)" if status in (401, 403) else ""


def retry_after(value: str | None, attempt: int) -> float:
    """Seconds to wait: Retry-After as seconds or an HTTP date, else exponential (1, 2, 4 ...), capped."""
    if value:
        try:
            return min(max(float(value), 0.0), MAX_WAIT)
        except ValueError:
            try:
                when = parsedate_to_datetime(value)
                return min(max((when - datetime.now(UTC)).total_seconds(), 0.0), MAX_WAIT)
            except (TypeError, ValueError):
                pass
    return min(2.0**attempt, MAX_WAIT)


def _iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def pull_zendesk(api: Api, since: float, cursor: str | None, options: ImportOptions) -> Pulled:
    from magesupport.sla.sources.zendesk_api import Parts, build

    parts = Parts()
    params: dict[str, Any] = {"include": "metric_sets"}
    params.update({"cursor": cursor} if cursor else {"start_time": int(since)})
    url, after = "/api/v2/incremental/tickets/cursor.json", cursor
    while True:
        page, _ = api.get(url, params)
        parts.add_document({k: v for k, v in page.items() if k != "ticket_metric_events"}, "zendesk API")
        after = page.get("after_cursor") or after
        if page.get("end_of_stream") or not page.get("after_url") or not page.get("tickets"):
            break
        url, params = page["after_url"], {}
    ids = {str(obj.get("id")) for _, _, obj in parts.tickets}
    if ids:
        from magesupport.sla.sources.common import parse_times

        created, _ = parse_times([str(obj.get("created_at") or "") for _, _, obj in parts.tickets], "UTC")
        start = int(min(v for v in created if v == v)) if any(v == v for v in created) else int(since)
        url, params = "/api/v2/incremental/ticket_metric_events.json", {"start_time": start}
        seen: set[str] = set()
        while url and url not in seen:
            seen.add(url)
            page, _ = api.get(url, params)
            events = [e for e in page.get("ticket_metric_events") or [] if str(e.get("ticket_id")) in ids]
            if events:
                parts.add_document({"ticket_metric_events": events}, "zendesk API")
            if page.get("end_of_stream") or not page.get("count"):
                break
            url, params = page.get("next_page"), {}
    if not parts.tickets:
        return Pulled(_empty(), {"zendesk.after_cursor": after} if after else {}, api.requests, api.waits)
    raw = build(parts, options)
    raw.layout = "Zendesk API (incremental export, metric sets, metric events)"
    return Pulled(raw, {"zendesk.after_cursor": after} if after else {}, api.requests, api.waits)


def pull_jira(api: Api, since: float, cursor: str | None, options: ImportOptions, jql: str | None) -> Pulled:
    from magesupport.sla.sources.jira_api import issues_to_raw

    start = cursor or datetime.fromtimestamp(since, UTC).strftime("%Y-%m-%d %H:%M")
    query = f'updated >= "{start}" ORDER BY updated ASC'
    if jql:
        query = f"({jql}) AND {query}"
    fields = "created,updated,resolutiondate,priority,status,statuscategorychangedate,reporter,comment"
    params: dict[str, Any] = {"jql": query, "fields": fields, "maxResults": 100}
    issues: list[dict[str, Any]] = []
    while True:
        page, _ = api.get("/rest/api/3/search/jql", params)
        issues += [i for i in page.get("issues") or [] if isinstance(i, dict)]
        token = page.get("nextPageToken")
        if page.get("isLast", not token) or not token:
            break
        params = {**params, "nextPageToken": token}
    newest = max((str((i.get("fields") or {}).get("updated") or "") for i in issues), default="")
    cursors = {"jira.updated": _jira_minute(newest)} if newest else {}
    if not issues:
        return Pulled(_empty(), cursors, api.requests, api.waits)
    raw = issues_to_raw(issues, [1] * len(issues), "jira API", options)
    raw.layout = "Jira API (search)"
    return Pulled(raw, cursors, api.requests, api.waits)


def _jira_minute(text: str) -> str:
    from magesupport.sla.sources.common import parse_times

    value = parse_times([text], "UTC")[0][0]
    return datetime.fromtimestamp(float(value), UTC).strftime("%Y-%m-%d %H:%M")


def pull_freshdesk(api: Api, since: float, cursor: str | None, options: ImportOptions) -> Pulled:
    from magesupport.sla.sources.freshdesk import tickets_to_raw

    params: dict[str, Any] = {
        "updated_since": cursor or _iso(since),
        "include": "stats",
        "order_by": "updated_at",
        "order_type": "asc",
        "per_page": 100,
    }
    url: str | None = "/api/v2/tickets"
    tickets: list[dict[str, Any]] = []
    while url:
        page, headers = api.get(url, params)
        tickets += [t for t in page if isinstance(t, dict)] if isinstance(page, list) else []
        url, params = _next_link(headers.get("Link") or headers.get("link") or ""), {}
    newest = max((str(t.get("updated_at") or "") for t in tickets), default="")
    cursors = {"freshdesk.updated_since": newest} if newest else {}
    if not tickets:
        return Pulled(_empty(), cursors, api.requests, api.waits)
    raw = tickets_to_raw(tickets, [1] * len(tickets), "freshdesk API", options)
    raw.layout = "Freshdesk API (tickets with stats)"
    return Pulled(raw, cursors, api.requests, api.waits)


def _next_link(header: str) -> str | None:
    for part in header.split(","):
        if 'rel="next"' in part:
            return part.split(";")[0].strip().strip("<>")
    return None


def _empty() -> RawTickets:
    import numpy as np

    return RawTickets(
        display="API", lines=[], ticket_ids=[], priorities=[], created=np.zeros(0), first_response=np.zeros(0),
        resolved=np.zeros(0), status=[],
    )  # fmt: skip
