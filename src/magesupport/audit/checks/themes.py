"""Theme overrides of module files and RequireJS mixins: each one is a file to re-check when the module changes.

Counted per theme and per module, the way upgrade helpers (the Ampersand patch helper) list them: templates
(.phtml), layouts replaced through layout/override/, JS (web/js), knockout templates (web/template), email
templates, and mixins that wrap another module's JS component.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from magesupport.audit.installation import Mixin, TemplateOverride
from magesupport.domain.results_audit import Evidence, Finding
from magesupport.domain.severity import FindingSeverity

OVERRIDE_KINDS = ("template", "layout-override", "js", "knockout", "email")
KIND_LABELS = {
    "template": "template(s)",
    "layout-override": "layout(s)",
    "js": "JS file(s)",
    "knockout": "knockout template(s)",
    "email": "email template(s)",
}


def counted(item: TemplateOverride) -> bool:
    """A theme file that replaces a module's file (or may: the module's code is not here to tell)."""
    return item.kind in OVERRIDE_KINDS and item.overrides_existing is not False


def override_findings(overrides: tuple[TemplateOverride, ...]) -> list[Finding]:
    by_theme: dict[str, list[TemplateOverride]] = defaultdict(list)
    for item in overrides:
        if counted(item):
            by_theme[item.theme].append(item)
    findings = []
    for theme, items in sorted(by_theme.items()):
        per_module = Counter(item.module for item in items)
        kinds = Counter(item.kind for item in items)
        unverified = sum(1 for item in items if item.overrides_existing is None)
        top = sorted(per_module.items(), key=lambda kv: (-kv[1], kv[0]))
        summary = ", ".join(f"{kinds[k]} {KIND_LABELS[k]}" for k in OVERRIDE_KINDS if kinds[k])
        findings.append(
            Finding(
                id=f"theme.overrides:{theme}",
                rule="theme.overrides",
                severity=FindingSeverity.INFO,
                title=f"Theme {theme} overrides {len(items)} module file(s): {summary}",
                detail="Per module: "
                + ", ".join(f"{m} ({n})" for m, n in top[:10])
                + (f" and {len(top) - 10} more" if len(top) > 10 else "")
                + "."
                + (
                    f" {unverified} of them override modules whose code is not here (not verified)."
                    if unverified
                    else ""
                ),
                evidence=tuple(Evidence(file=i.path, note=i.kind) for i in items[:15]),
                advice="Each override must be compared with the module's new file at every upgrade; keep the list "
                "in the upgrade checklist and drop overrides that no longer change anything.",
            )
        )
    return findings


def mixin_findings(mixins: tuple[Mixin, ...], core: set[str]) -> list[Finding]:
    """One finding listing the mixins on other modules' JS, counted per wrapped module."""
    foreign = [m for m in mixins if m.target_module != m.declared_by]
    if not foreign:
        return []
    per_target = Counter(m.target_module for m in foreign)
    top = sorted(per_target.items(), key=lambda kv: (-kv[1], kv[0]))
    declarers = sorted({m.declared_by for m in foreign})
    on_core = sum(n for module, n in per_target.items() if module in core)
    return [
        Finding(
            id="js.mixins",
            rule="js.mixins",
            severity=FindingSeverity.INFO,
            title=f"{len(foreign)} RequireJS mixin(s) wrap the JS of {len(per_target)} module(s)",
            detail="Per wrapped module: "
            + ", ".join(f"{m} ({n})" for m, n in top[:10])
            + (f" and {len(top) - 10} more" if len(top) > 10 else "")
            + f"; declared by {', '.join(declarers[:8])}"
            + (f" and {len(declarers) - 8} more" if len(declarers) > 8 else "")
            + f". {on_core} of them wrap Magento's own JS, which changes in patch releases.",
            evidence=tuple(Evidence(file=m.file, line=m.line, note=m.target) for m in foreign[:15]),
            advice="At each upgrade, diff the wrapped components (checkout JS above all) and re-test what the "
            "mixins change.",
        )
    ]
