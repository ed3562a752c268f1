"""Statuses that mean "done", in the languages desks are used in (English, Spanish, German, French, Portuguese,
Italian, Dutch): they close a ticket that has no resolution time (interface.py)."""

from __future__ import annotations

import unicodedata

DONE = frozenset(
    {
        # English: Zendesk, Freshdesk, Jira, ServiceNow
        "solved", "closed", "done", "resolved", "complete", "completed", "cancelled", "canceled",
        # Spanish
        "resuelto", "resuelta", "cerrado", "cerrada", "hecho", "hecha", "listo", "lista", "finalizado",
        "finalizada", "completado", "completada", "terminado", "terminada", "cancelado", "cancelada",
        # German
        "erledigt", "gelöst", "geschlossen", "fertig", "abgeschlossen", "abgebrochen",
        # French
        "résolu", "résolue", "fermé", "fermée", "terminé", "terminée", "clos", "close", "annulé", "annulée",
        # Portuguese
        "resolvido", "resolvida", "fechado", "fechada", "concluído", "concluída", "feito", "feita",
        # Italian
        "risolto", "risolta", "chiuso", "chiusa", "fatto", "fatta", "completato", "completata", "annullato",
        # Dutch
        "opgelost", "gesloten", "gereed", "klaar", "afgerond", "voltooid", "geannuleerd",
    }
)  # fmt: skip

# Jira's status category "Done" as each UI names it
DONE_CATEGORY = frozenset(
    {"done", "listo", "hecho", "fertig", "erledigt", "terminé", "terminée", "itens concluídos", "concluído",
     "fatto", "completato", "gereed", "klaar", "voltooid", "complete", "completed"}
)  # fmt: skip


def _key(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.strip().lower().split()))


def is_done(status: str) -> bool:
    return _key(status) in DONE


def is_done_category(category: str) -> bool:
    return _key(category) in DONE_CATEGORY
