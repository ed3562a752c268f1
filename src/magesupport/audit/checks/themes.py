"""Theme overrides of module templates and layouts: each one is a file to re-check when the module changes."""

from __future__ import annotations

from collections import defaultdict

from magesupport.audit.installation import TemplateOverride
from magesupport.domain.results_audit import Evidence, Finding
from magesupport.domain.severity import FindingSeverity


def override_findings(overrides: tuple[TemplateOverride, ...]) -> list[Finding]:
    by_theme: dict[str, list[TemplateOverride]] = defaultdict(list)
    for item in overrides:
        if item.overrides_existing and item.kind in ("template", "layout-override"):
            by_theme[item.theme].append(item)
    findings = []
    for theme, items in sorted(by_theme.items()):
        per_module: dict[str, int] = defaultdict(int)
        for item in items:
            per_module[item.module] += 1
        top = sorted(per_module.items(), key=lambda kv: (-kv[1], kv[0]))
        templates = sum(1 for i in items if i.kind == "template")
        layouts = len(items) - templates
        findings.append(
            Finding(
                id=f"theme.overrides:{theme}",
                rule="theme.overrides",
                severity=FindingSeverity.INFO,
                title=f"Theme {theme} overrides {templates} module template(s) and {layouts} layout(s)",
                detail="Most overridden: " + ", ".join(f"{m} ({n})" for m, n in top[:8]) + ".",
                evidence=tuple(Evidence(file=i.path, note=i.kind) for i in items[:15]),
                advice="Each override must be compared with the module's new template at every upgrade; "
                "keep the list in the upgrade checklist and drop overrides that no longer change anything.",
            )
        )
    return findings
