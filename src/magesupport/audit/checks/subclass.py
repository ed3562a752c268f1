"""A preference whose class does not extend the class it replaces (what magefan's conflict detector flags).

Magento hands the preferred class to every caller that asks for the original. When the original is a class
(not an interface), callers type-hint it and plugins on it are declared for it: a replacement that does not
extend it breaks those type hints (a TypeError where the object is passed on) and leaves every plugin on the
original silent. Only third-party preferences that win in some area are judged, and only when the PHP files
let the whole ancestry of the preferred class be read; otherwise nothing is said.
"""

from __future__ import annotations

from magesupport.audit.checks.conflicts import effective_preferences
from magesupport.audit.checks.context import Context, scope_text
from magesupport.audit.installation import Preference, class_key
from magesupport.domain.results_audit import Evidence, Finding
from magesupport.domain.severity import FindingSeverity


def subclass_findings(preferences: tuple[Preference, ...], ctx: Context) -> list[Finding]:
    winners = effective_preferences(preferences, ctx)
    scopes: dict[tuple[str, str], list[str]] = {}
    chosen: dict[tuple[str, str], Preference] = {}
    for (key, scope), pref in sorted(winners.items()):
        if ctx.core(pref.module) or ctx.is_interface(pref.for_type) or class_key(pref.type) == key:
            continue
        if ctx.extends(pref.type, pref.for_type) is not False:
            continue
        group = (key, class_key(pref.type))
        scopes.setdefault(group, []).append(scope)
        chosen.setdefault(group, pref)
    findings = []
    for group, pref in chosen.items():
        original = pref.for_type.lstrip("\\")
        findings.append(
            Finding(
                id=f"preference.not-subclass:{original}",
                rule="preference.not-subclass",
                severity=FindingSeverity.MEDIUM,
                title=f"{pref.module} replaces the class {original} with one that does not extend it",
                detail=f"In {scope_text(scopes[group])}: {pref.type} takes the place of {original} but is not a "
                "subclass of it, so code that type-hints the original would get a TypeError, and plugins on the "
                "original do not run.",
                evidence=(Evidence(file=pref.file, line=pref.line, note=f"{pref.module} -> {pref.type}"),),
                advice=f"Make {pref.type} extend {original} (or replace an interface instead), then test the "
                "pages that use it.",
            )
        )
    return findings
