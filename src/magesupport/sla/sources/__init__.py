"""Ticket importers, one per desk (each tells its export's layouts apart from the file); `IMPORTERS` maps a
`--from` name to its importer, `ALIASES` keeps old names working."""

from __future__ import annotations

from magesupport.sla.sources.eventlog import EventLogCsv
from magesupport.sla.sources.freshdesk import FreshdeskImporter
from magesupport.sla.sources.generic import GenericCsv
from magesupport.sla.sources.interface import ImportedTickets, Importer, ImportOptions
from magesupport.sla.sources.jira import JiraImporter
from magesupport.sla.sources.servicenow import ServiceNowImporter
from magesupport.sla.sources.zendesk import ZendeskImporter

IMPORTERS: dict[str, Importer] = {
    importer.name: importer
    for importer in (
        ZendeskImporter(),
        JiraImporter(),
        FreshdeskImporter(),
        ServiceNowImporter(),
        GenericCsv(),
        EventLogCsv(),
    )
}
ALIASES = {"zendesk-json": "zendesk"}  # old scripts: the JSON layout is detected now


def importer_for(name: str) -> Importer | None:
    return IMPORTERS.get(ALIASES.get(name, name))


__all__ = ["ALIASES", "IMPORTERS", "ImportOptions", "ImportedTickets", "Importer", "importer_for"]
