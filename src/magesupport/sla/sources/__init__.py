"""Ticket importers, one per desk export format; `IMPORTERS` maps a CLI choice to its importer."""

from __future__ import annotations

from magesupport.sla.sources.eventlog import EventLogCsv
from magesupport.sla.sources.freshdesk import FreshdeskCsv
from magesupport.sla.sources.generic import GenericCsv
from magesupport.sla.sources.interface import ImportedTickets, Importer, ImportOptions
from magesupport.sla.sources.jira import JiraCsv
from magesupport.sla.sources.zendesk import ZendeskCsv, ZendeskJson

IMPORTERS: dict[str, Importer] = {
    importer.name: importer
    for importer in (ZendeskCsv(), ZendeskJson(), JiraCsv(), FreshdeskCsv(), GenericCsv(), EventLogCsv())
}

__all__ = ["IMPORTERS", "ImportOptions", "ImportedTickets", "Importer"]
