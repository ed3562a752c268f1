"""Preference conflicts: two or more modules prefer different classes for the same type in the same area.

Magento merges global di.xml of every module, then the area's di.xml of every module, each in module load
order; the last declaration wins. So in one effective area an area file beats any global file, and among
files of the same level the module loaded later wins. A group is:

* active   - two or more enabled modules declare it and the winner does not extend every loser;
* resolved - the winning class extends (directly or not) each losing class, so the loser's code still runs
             when the winner calls the parent;
* latent   - fewer than two of the declaring modules are enabled: enabling one would start the conflict.

Groups where every module is Magento's own are ignored.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import partial

from magesupport.audit.checks.context import Context, scope_text
from magesupport.audit.installation import GLOBAL, Preference, class_key
from magesupport.domain.results_audit import Evidence, Finding
from magesupport.domain.severity import FindingSeverity


@dataclass(frozen=True)
class PreferenceOutcome:
    for_type: str
    scope: str
    state: str  # active | resolved | latent
    winner: Preference
    losers: tuple[Preference, ...]
    disabled: tuple[Preference, ...]  # declarations of disabled modules (not counted as losers when active)


def _effective(decls: list[Preference], scope: str, ctx: Context) -> list[Preference]:
    """One declaration per module: the one that wins inside that module."""
    best: dict[str, Preference] = {}
    for decl in decls:
        current = best.get(decl.module)
        if current is None or ctx.rank(decl.module, decl.area, scope, decl.line) >= ctx.rank(
            current.module, current.area, scope, current.line
        ):
            best[decl.module] = decl
    return list(best.values())


def evaluate(decls: list[Preference], scope: str, ctx: Context) -> PreferenceOutcome | None:
    per_module = _effective([d for d in decls if d.area in (GLOBAL, scope)], scope, ctx)
    if len(per_module) < 2:
        return None

    def key(d: Preference) -> tuple[int, int, int]:
        return ctx.rank(d.module, d.area, scope, d.line)

    active = [d for d in per_module if ctx.enabled(d.module)]
    disabled = tuple(sorted((d for d in per_module if not ctx.enabled(d.module)), key=key))
    if len(active) >= 2:
        winner = max(active, key=key)
        losers = tuple(sorted((d for d in active if d is not winner), key=key))
        resolved = all(ctx.extends(winner.type, loser.type) is True for loser in losers)
        state = "resolved" if resolved else "active"
        return PreferenceOutcome(decls[0].for_type, scope, state, winner, losers, disabled)
    winner = max(per_module, key=key)
    losers = tuple(sorted((d for d in per_module if d is not winner), key=key))
    return PreferenceOutcome(decls[0].for_type, scope, "latent", winner, losers, ())


def preference_outcomes(
    preferences: tuple[Preference, ...] | list[Preference], ctx: Context
) -> list[tuple[PreferenceOutcome, list[str]]]:
    """Each contested preference group, with the areas where the same outcome holds."""
    groups: dict[str, list[Preference]] = defaultdict(list)
    for pref in preferences:
        groups[class_key(pref.for_type)].append(pref)
    results: list[tuple[PreferenceOutcome, list[str]]] = []
    for decls in groups.values():
        modules = {d.module for d in decls}
        if len(modules) < 2 or all(ctx.core(m) for m in modules):
            continue
        areas = sorted({d.area for d in decls} - {GLOBAL})
        merged: dict[tuple[object, ...], tuple[PreferenceOutcome, list[str]]] = {}
        for scope in [GLOBAL, *areas]:
            outcome = evaluate(decls, scope, ctx)
            if outcome is None:
                continue
            signature = (
                outcome.state,
                (outcome.winner.module, class_key(outcome.winner.type)),
                tuple((d.module, class_key(d.type)) for d in outcome.losers),
                tuple((d.module, class_key(d.type)) for d in outcome.disabled),
            )
            if signature in merged:
                merged[signature][1].append(scope)
            else:
                merged[signature] = (outcome, [scope])
        results.extend(merged.values())
    return results


def _severity(outcome: PreferenceOutcome, ctx: Context) -> FindingSeverity:
    if outcome.state == "latent":
        return FindingSeverity.LOW
    if outcome.state == "resolved":
        return FindingSeverity.INFO
    parties = [outcome.winner, *outcome.losers]
    third_party = [d for d in parties if not ctx.core(d.module)]
    return FindingSeverity.HIGH if len({d.module for d in third_party}) >= 2 else FindingSeverity.MEDIUM


def _advice(outcome: PreferenceOutcome, ctx: Context) -> str:
    losers = ", ".join(sorted({d.module for d in outcome.losers}))
    if outcome.state == "latent":
        parties = [outcome.winner, *outcome.losers]
        disabled = sorted({d.module for d in parties if not ctx.enabled(d.module)})
        verb = "is" if len(disabled) == 1 else "are"
        return (
            f"{', '.join(disabled)} {verb} disabled, so this does not bite today; enabling it changes which class "
            "is used. Remove modules you do not use, or test the combination before enabling."
        )
    if outcome.state == "resolved":
        return (
            "The winning class extends the losing one, so both behaviours can survive if it calls the parent. "
            "Keep the module order explicit with <sequence> and retest after upgrading either module."
        )
    return (
        f"Only {outcome.winner.module}'s class is used; {losers} lose(s) silently. Make the winning class extend "
        "the losing one (and declare <sequence> so the order is explicit), or drop one module; test both features."
    )


def preference_findings(preferences: tuple[Preference, ...], ctx: Context) -> list[Finding]:
    findings = []
    for outcome, scopes in preference_outcomes(preferences, ctx):
        parties = [outcome.winner, *outcome.losers, *outcome.disabled]
        evidence = tuple(
            Evidence(
                file=d.file,
                line=d.line,
                note=f"{d.module} -> {d.type}"
                + (" (wins)" if d is outcome.winner else "")
                + (" (disabled)" if not ctx.enabled(d.module) else ""),
            )
            for d in parties
        )
        losers = "; ".join(f"{d.module} ({d.type})" for d in outcome.losers)
        detail = f"In {scope_text(scopes)}: {outcome.winner.module} wins with {outcome.winner.type}; loses: {losers}."
        if outcome.disabled:
            detail += " Also declared by disabled " + ", ".join(d.module for d in outcome.disabled) + "."
        findings.append(
            Finding(
                id=f"conflict.preference:{outcome.for_type.lstrip(chr(92))}:{'+'.join(scopes)}",
                rule="conflict.preference",
                severity=_severity(outcome, ctx),
                title=f"{len({d.module for d in parties})} modules set a preference for {outcome.for_type.lstrip(chr(92))}",
                detail=detail,
                evidence=evidence,
                advice=_advice(outcome, ctx),
                state=outcome.state,
            )
        )
    return findings


def _rank_in(ctx: Context, scope: str, decl: Preference) -> tuple[int, int, int]:
    return ctx.rank(decl.module, decl.area, scope, decl.line)


def effective_preferences(
    preferences: tuple[Preference, ...], ctx: Context
) -> dict[tuple[str, str], Preference]:
    """(type key, scope) -> the winning preference among enabled modules (any group, contested or not)."""
    groups: dict[str, list[Preference]] = defaultdict(list)
    for pref in preferences:
        if ctx.enabled(pref.module):
            groups[class_key(pref.for_type)].append(pref)
    winners: dict[tuple[str, str], Preference] = {}
    for key, decls in groups.items():
        areas = sorted({d.area for d in decls} - {GLOBAL})
        for scope in [GLOBAL, *areas]:
            in_scope = [d for d in decls if d.area in (GLOBAL, scope)]
            if in_scope:
                winners[(key, scope)] = max(in_scope, key=partial(_rank_in, ctx, scope))
    return winners
