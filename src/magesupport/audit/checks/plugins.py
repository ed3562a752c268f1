"""Plugin and observer interactions between modules.

* several third-party `around` plugins on the same method (one that forgets `$proceed` silences the others);
* plugins on a type that another module replaces with a preference whose class does not extend it
  (Magento builds the interceptor from the preferred class's ancestry, so those plugins never run);
* a module disabling another module's plugin or observer;
* the same event + observer name declared again by another module (an intentional override: info).

Groups where every module is Magento's own are ignored.
"""

from __future__ import annotations

from collections import defaultdict

from magesupport.audit.checks.conflicts import effective_preferences
from magesupport.audit.checks.context import Context, scope_text
from magesupport.audit.installation import GLOBAL, Observer, Plugin, Preference, class_key
from magesupport.domain.results_audit import Evidence, Finding
from magesupport.domain.severity import FindingSeverity


def _effective_plugins(decls: list[Plugin], scope: str, ctx: Context) -> list[Plugin]:
    """Plugins active on one type in one area: per plugin name the winning declaration, minus disabled ones."""
    best: dict[str, Plugin] = {}
    for decl in decls:
        if decl.area not in (GLOBAL, scope) or not ctx.enabled(decl.module):
            continue
        current = best.get(decl.name)
        if current is None or ctx.rank(decl.module, decl.area, scope, decl.line) >= ctx.rank(
            current.module, current.area, scope, current.line
        ):
            # a disabling declaration keeps the original's type: only `disabled` changes
            best[decl.name] = decl
    return [p for p in best.values() if not p.disabled and p.type]


def around_findings(plugins: tuple[Plugin, ...], ctx: Context) -> list[Finding]:
    by_target: dict[str, list[Plugin]] = defaultdict(list)
    for plugin in plugins:
        by_target[class_key(plugin.target)].append(plugin)
    findings = []
    for decls in by_target.values():
        if all(ctx.core(p.module) for p in decls):
            continue
        merged: dict[tuple[str, tuple[Plugin, ...]], list[str]] = {}
        for scope in [GLOBAL, *sorted({p.area for p in decls} - {GLOBAL})]:
            by_method: dict[str, list[Plugin]] = defaultdict(list)
            for plugin in _effective_plugins(decls, scope, ctx):
                if ctx.core(plugin.module):
                    continue
                info = ctx.classes.get(class_key(plugin.type or ""))
                for method in info.methods if info else ():
                    if method.lower().startswith("around") and len(method) > 6:
                        by_method[method[6].lower() + method[7:]].append(plugin)
            for method, plugins_on_method in by_method.items():
                if len({p.module for p in plugins_on_method}) >= 2:
                    merged.setdefault((method, tuple(plugins_on_method)), []).append(scope)
        for (method, owners), scopes in merged.items():
            target = owners[0].target.lstrip("\\")
            findings.append(
                Finding(
                    id=f"plugin.around:{target}::{method}:{'+'.join(scopes)}",
                    rule="plugin.around",
                    severity=FindingSeverity.MEDIUM,
                    title=f"{len({p.module for p in owners})} third-party around plugins on {target}::{method}()",
                    detail=f"In {scope_text(scopes)}: "
                    + "; ".join(f"{p.module} ({p.name}, sortOrder {p.sort_order})" for p in owners)
                    + ".",
                    evidence=tuple(
                        Evidence(file=p.file, line=p.line, note=f"{p.module}: {p.type}") for p in owners
                    ),
                    advice="Check that every around plugin calls $proceed exactly once, and set sortOrder so the "
                    "order is intended; prefer before/after plugins. Retest checkout paths that call this method.",
                )
            )
    return findings


def preferred_type_findings(
    plugins: tuple[Plugin, ...], preferences: tuple[Preference, ...], ctx: Context
) -> list[Finding]:
    winners = effective_preferences(preferences, ctx)
    findings: dict[str, Finding] = {}
    for plugin in plugins:
        if plugin.disabled or not ctx.enabled(plugin.module) or ctx.is_interface(plugin.target):
            continue
        key_t = class_key(plugin.target)
        if plugin.area == GLOBAL:
            candidates = [pref for (k, _scope), pref in winners.items() if k == key_t]
        else:
            found = winners.get((key_t, plugin.area)) or winners.get((key_t, GLOBAL))
            candidates = [found] if found else []
        for pref in candidates:
            if class_key(pref.type) == key_t:
                continue
            if ctx.core(plugin.module) and ctx.core(pref.module):
                continue
            extends = ctx.extends(pref.type, plugin.target)
            if extends is True:
                continue
            target = plugin.target.lstrip("\\")
            key = f"plugin.on-preferred-type:{target}:{plugin.module}:{plugin.name}"
            findings[key] = Finding(
                id=key,
                rule="plugin.on-preferred-type",
                severity=FindingSeverity.MEDIUM if extends is False else FindingSeverity.LOW,
                title=f"Plugin {plugin.name} ({plugin.module}) targets {target}, which {pref.module} replaces",
                detail=f"{pref.module} prefers {pref.type} for {target}"
                + (
                    ", and that class does not extend it"
                    if extends is False
                    else "; its ancestry could not be read"
                )
                + ", so the plugin may never run.",
                evidence=(
                    Evidence(file=plugin.file, line=plugin.line, note=f"plugin {plugin.name}"),
                    Evidence(file=pref.file, line=pref.line, note=f"preference -> {pref.type}"),
                ),
                advice="Declare the plugin on the preferred class (or on an interface both implement), or make the "
                "preferred class extend the original; then check the plugin's effect in the store.",
            )
    return list(findings.values())


def disabled_plugin_findings(plugins: tuple[Plugin, ...], ctx: Context) -> list[Finding]:
    declared: dict[str, list[Plugin]] = defaultdict(list)
    for plugin in plugins:
        if not plugin.disabled:
            declared[plugin.name].append(plugin)
    findings = []
    for plugin in plugins:
        if not plugin.disabled:
            continue
        same_target = [p for p in declared[plugin.name] if class_key(p.target) == class_key(plugin.target)]
        owners = [p for p in (same_target or declared[plugin.name]) if p.module != plugin.module]
        if not owners or (ctx.core(plugin.module) and all(ctx.core(p.module) for p in owners)):
            continue
        owner = owners[0]
        cross_vendor = (
            not ctx.core(owner.module) and owner.module.split("_")[0] != plugin.module.split("_")[0]
        )
        target = plugin.target.lstrip("\\")
        findings.append(
            Finding(
                id=f"plugin.disabled:{target}:{plugin.name}:{plugin.module}",
                rule="plugin.disabled",
                severity=FindingSeverity.MEDIUM if cross_vendor else FindingSeverity.LOW,
                title=f"{plugin.module} disables {owner.module}'s plugin {plugin.name} on {target}",
                detail=f"{owner.module} declares plugin {plugin.name} ({owner.type}); {plugin.module} switches it off"
                + ("" if ctx.enabled(plugin.module) else " (the disabling module is itself disabled)")
                + ".",
                evidence=(
                    Evidence(file=plugin.file, line=plugin.line, note="disabled here"),
                    Evidence(file=owner.file, line=owner.line, note="declared here"),
                ),
                advice=f"Confirm {owner.module} still works without this plugin, and re-check after upgrading it.",
            )
        )
    return findings


def observer_findings(observers: tuple[Observer, ...], ctx: Context) -> list[Finding]:
    groups: dict[tuple[str, str], list[Observer]] = defaultdict(list)
    for observer in observers:
        groups[(observer.event.lower(), observer.name)].append(observer)
    findings = []
    for decls in groups.values():
        modules = {o.module for o in decls}
        if len(modules) < 2 or all(ctx.core(m) for m in modules):
            continue
        ordered = sorted(decls, key=lambda o: (ctx.order.get(o.module, -1), o.line or 0))
        original, last = ordered[0], ordered[-1]
        disabling = [o for o in ordered[1:] if o.disabled and o.module != original.module]
        rule = "observer.disabled" if disabling else "observer.override"
        event, name = original.event, original.name
        if disabling:
            title = f"{disabling[-1].module} disables {original.module}'s observer {name} on {event}"
            advice = f"Confirm {original.module} still works without this observer; re-check after upgrades."
        else:
            title = f"{last.module} re-declares observer {name} on {event}"
            advice = "An intentional override: keep it in the upgrade checklist of both modules."
        findings.append(
            Finding(
                id=f"{rule}:{event}:{name}",
                rule=rule,
                severity=FindingSeverity.LOW if disabling else FindingSeverity.INFO,
                title=title,
                detail="Declared by "
                + ", ".join(f"{o.module} ({o.instance or 'no instance'})" for o in ordered)
                + ".",
                evidence=tuple(Evidence(file=o.file, line=o.line, note=o.module) for o in ordered),
                advice=advice,
                state=None if disabling else "override",
            )
        )
    return findings
