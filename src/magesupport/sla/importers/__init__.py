"""Ticket importers, one per desk export format; `IMPORTERS` maps a CLI choice to its importer."""

from __future__ import annotations

from magesupport.sla.importers.eventlog import EventLogCsv
from magesupport.sla.importers.freshdesk import FreshdeskCsv
from magesupport.sla.importers.generic import GenericCsv
from magesupport.sla.importers.interface import ImportedTickets, Importer, ImportOptions
from magesupport.sla.importers.jira import JiraCsv
from magesupport.sla.importers.zendesk import ZendeskCsv, ZendeskJson

IMPORTERS: dict[str, Importer] = {
    importer.name: importer
    for importer in (ZendeskCsv(), ZendeskJson(), JiraCsv(), FreshdeskCsv(), GenericCsv(), EventLogCsv())
}

__all__ = ["IMPORTERS", "ImportOptions", "ImportedTickets", "Importer"]
