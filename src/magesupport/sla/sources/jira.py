"""Jira / Jira Service Management, `--from jira`: the issue CSV export in any UI language, or API JSON
(a search page `{"issues": [...]}`, jira_api.py).

CSV columns (English names; the Spanish, German, French, Portuguese, Italian and Dutch ones are in `HEADERS`,
and `Custom field (X)` is read in every language): `Issue key`, `Priority`, `Status`, `Status Category`,
`Status Category Changed`, `Created`, `Resolved`, `Updated`, `Reporter`, the repeated `Comment` columns
(`12/Mar/26 3:04 PM;author;text`), `Date of First Response`, and the JSM SLA fields `Time to first response` and
`Time to resolution` (the provider's own figures: a negative remaining time means the desk says breached).

* Resolved: the `Resolved` time; when the workflow never sets a resolution, a status in the Done category
  (or a done status name) closes the issue at `Status Category Changed`, else `Updated`.
* First response: `Date of First Response`; else the earliest comment by one of the provider's accounts
  (`--agents` / store.yaml `sla.agents`). A comment cannot say whether it was an internal note, so without
  agents comments give no response time: the response is unknown, never guessed from a colleague's note.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from magesupport.domain.errors import SlaImportError
from magesupport.files.csv_file import CsvTable, read_csv
from magesupport.sla.sources.common import is_json, plain, times
from magesupport.sla.sources.interface import Importer, ImportOptions, RawTickets
from magesupport.sla.sources.statuses import is_done, is_done_category
from magesupport.sla.timeparse import JIRA, TimeParseError, localize, parse_jira, parse_times

# field -> header names: en, es, de, fr, pt, it, nl
HEADERS: dict[str, tuple[str, ...]] = {
    "id": ("Issue key", "Key", "Clave de incidencia", "Clave", "Vorgangsschlüssel", "Schlüssel", "Clé de ticket",
           "Clé de la demande", "Clé", "Chave do item", "Chave da item", "Chave", "Chiave ticket", "Chiave",
           "Issuesleutel", "Sleutel", "Issue id", "key"),
    "priority": ("Priority", "Prioridad", "Priorität", "Priorité", "Prioridade", "Priorità", "Prioriteit"),
    "status": ("Status", "Estado", "État", "Statut", "Stato"),
    "category": ("Status Category", "Categoría de estado", "Statuskategorie", "Catégorie d'état",
                 "Catégorie de statut", "Categoria de status", "Categoria di stato", "Statuscategorie"),
    "category_changed": ("Status Category Changed", "statuscategorychangedate",
                         "Categoría de estado modificada", "Statuskategorie geändert",
                         "Catégorie d'état modifiée", "Categoria de status alterada",
                         "Categoria di stato modificata", "Statuscategorie gewijzigd"),
    "created": ("Created", "Creada", "Creado", "Erstellt", "Création", "Créé", "Créée", "Criado", "Criada",
                "Creato", "Gemaakt", "Aangemaakt", "created"),
    "resolved": ("Resolved", "Resuelta", "Resuelto", "Erledigt", "Gelöst", "Résolue", "Résolu", "Resolvido",
                 "Resolvida", "Risolto", "Opgelost", "resolutiondate"),
    "updated": ("Updated", "Actualizada", "Actualizado", "Aktualisiert", "Mise à jour", "Mis à jour",
                "Atualizado", "Aggiornato", "Bijgewerkt"),
    "reporter": ("Reporter", "Informador", "Autor", "Melder", "Rapporteur", "Relator", "Segnalatore"),
    "reporter_id": ("Reporter Id", "Reporter ID"),
    "comment": ("Comment", "Comentario", "Kommentar", "Commentaire", "Comentário", "Commento", "Opmerking",
                "Reactie"),
    "first_response": ("Date of First Response", "[CHART] Date of First Response", "Fecha de la primera respuesta",
                       "Datum der ersten Antwort", "Date de première réponse", "Data da primeira resposta",
                       "Data della prima risposta", "Datum van eerste reactie"),
    "sla_response": ("Time to first response", "Tiempo hasta la primera respuesta", "Zeit bis zur ersten Antwort",
                     "Délai de première réponse", "Tempo até a primeira resposta", "Tempo per la prima risposta",
                     "Tijd tot eerste reactie"),
    "sla_resolution": ("Time to resolution", "Tiempo de resolución", "Zeit bis zur Lösung", "Délai de résolution",
                       "Tempo até a resolução", "Tempo di risoluzione", "Tijd tot oplossing"),
}  # fmt: skip

# `Custom field (X)` in each UI language
_CUSTOM = re.compile(
    r"^(?:custom field|campo personalizado|benutzerdefiniertes feld|champ personnalise|campo personalizzato"
    r"|aangepast veld)\s*\((.*)\)$"
)


def _key(header: str) -> str:
    name = plain(header)
    match = _CUSTOM.match(name)
    return plain(match.group(1)) if match else name


class Columns:
    """Where each field sits in a Jira CSV (first matching name, store.yaml's first)."""

    def __init__(self, table: CsvTable, options: ImportOptions) -> None:
        self.keys = [_key(h) for h in table.header]
        self.table, self.options = table, options

    def index(self, what: str) -> int | None:
        for name in self.options.names(what, *HEADERS.get(what, ())):
            key = _key(name)
            if key in self.keys:
                return self.keys.index(key)
        return None

    def all(self, what: str) -> list[int]:
        names = {_key(n) for n in self.options.names(what, *HEADERS[what])}
        return [i for i, k in enumerate(self.keys) if k in names]

    def need(self, what: str) -> int:
        index = self.index(what)
        if index is None:
            names = self.options.names(what, *HEADERS[what])
            raise SlaImportError([self.table.missing(what, *names[:7])])  # type: ignore[list-item]
        return index

    def column(self, what: str) -> list[str]:
        return self.table.column(self.index(what))


def sla_verdict(values: list[str]) -> np.ndarray:
    """JSM SLA cells -> 1 met, 0 breached, -1 not said (a negative remaining time is a breach)."""
    out = np.full(len(values), -1, dtype=np.int8)
    for row, value in enumerate(values):
        text = value.strip().lower()
        if not text:
            continue
        if text.startswith("-") or "breach" in text or "incumpl" in text or "verletzt" in text:
            out[row] = 0
        elif re.search(r"\d", text) or "met" in text:
            out[row] = 1
    return out


class JiraImporter(Importer):
    name = "jira"
    label = "Jira / JSM: issue CSV in any UI language, or API search JSON"

    def raw(self, path: Path, display: str, options: ImportOptions) -> RawTickets:
        if is_json(path):
            from magesupport.sla.sources.jira_api import read_search

            return read_search(path, display, options)
        table = read_csv(path, display, SlaImportError)
        cols = Columns(table, options)
        tz = options.timezone
        created, bad_created = times(table, cols.need("created"), options, JIRA)
        resolved_col = cols.index("resolved")
        resolved, bad_resolved = times(table, resolved_col, options, JIRA)
        first_col = cols.index("first_response")
        first, bad_first = times(table, first_col, options, JIRA)
        chart = table.header[first_col] if first_col is not None else ""
        if "[chart]" in chart.lower():  # Jira writes its chart fields as stored, in UTC, whatever the user's zone
            first, bad_first = parse_times(table.column(first_col), "UTC", options.time_format or JIRA)
        changed_col = cols.index("category_changed")
        status_time, _ = times(table, changed_col if changed_col is not None else cols.index("updated"), options, JIRA)
        status = cols.column("status")
        category = cols.column("category")
        english = plain(table.header[cols.need("created")]) == "created"
        raw = RawTickets(
            display=display,
            lines=table.lines,
            ticket_ids=table.column(cols.need("id")),
            priorities=table.column(cols.need("priority")),
            created=created,
            first_response=first,
            resolved=resolved,
            status=status,
            layout="issue CSV" + ("" if english else " (localized UI)"),
            encoding=table.encoding,
            done=[is_done_category(c) or is_done(s) for c, s in zip(category, status, strict=True)],
            status_time=status_time,
            has_resolution=resolved_col is not None,
            response_sources="'Date of First Response' column, nor comments by --agents",
            resolution_sources="'Resolved' column",
        )
        raw.flag_times(table.header[cols.need("created")], bad_created)
        if resolved_col is not None:
            raw.flag_times(table.header[resolved_col], bad_resolved)
        if first_col is not None:
            raw.flag_times(table.header[first_col], bad_first)
        if "[chart]" in chart.lower():
            raw.notes.append(
                f"'{chart}' read in UTC (Jira stores its chart fields so); the other times in "
                f"{tz}"
            )
        raw.desk["desk_response_met"] = sla_verdict(cols.column("sla_response"))
        raw.desk["desk_resolution_met"] = sla_verdict(cols.column("sla_resolution"))
        comments = cols.all("comment")
        from_comments = comments and options.agents
        if from_comments:
            found = self._first_comment(table.rows, comments, options, raw)
            fill = np.isnan(raw.first_response)
            raw.first_response[fill] = localize(found, tz)[fill]
        elif comments and first_col is None:
            raw.notes.append(
                "comments are not read as first responses without --agents (sla.agents): a comment does not "
                "say whether it was the provider's reply or an internal note"
            )
        raw.has_response = first_col is not None or bool(from_comments)
        return raw

    @staticmethod
    def _first_comment(
        rows: list[list[str]], columns: list[int], options: ImportOptions, raw: RawTickets
    ) -> np.ndarray:
        """Naive local time of each row's earliest comment by one of the provider's agents (NaN when none)."""
        out = np.full(len(rows), np.nan)
        for row_index, row in enumerate(rows):
            earliest = np.nan
            for col in columns:
                cell = row[col] if col < len(row) else ""
                if not cell.strip():
                    continue
                when, _, rest = cell.partition(";")
                author = rest.partition(";")[0].strip()
                if not options.is_agent(author):
                    continue
                try:
                    seconds, _aware = parse_jira(when)
                except TimeParseError as exc:
                    raw.flag(row_index, "Comment", f"comment time: {exc}")
                    continue
                if not earliest <= seconds:  # NaN-safe min
                    earliest = seconds
            out[row_index] = earliest
        return out
