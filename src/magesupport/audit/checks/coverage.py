"""What the audit could not see, and module folders Magento would not load as the files suggest.

* `source.vendor-missing`: composer.lock installs packages whose folders are not under vendor/ (vendor/ not
  committed, or a partial copy). Modules are still known from the lock and config.php, but the checks that read
  their code were weaker for them; the finding names which.
* `source.code-missing`: config.php enables modules that neither the code under the root nor composer.lock
  explain (app/code not committed?).
* `module.stale-config`: the code base is complete and config.php still lists modules that are not installed;
  Magento ignores them, `setup:upgrade` drops them.
* `module.duplicate`: two folders register the same module name; Magento stops with "already defined".
* `module.unregistered`: app/code folders without registration.php (backups such as `AbandonedCartBK`): not
  modules, so ignored by Magento and by the audit.
"""

from __future__ import annotations

from magesupport.audit.checks.context import evidence
from magesupport.audit.installation import Installation
from magesupport.domain.results_audit import Evidence, Finding
from magesupport.domain.severity import FindingSeverity

WEAKER_WITHOUT_CODE = (
    "preference, plugin and observer conflicts and class ancestry (their di.xml, events.xml and PHP classes are "
    "not here)",
    "theme overrides of their templates, layouts and JS",
    "module versions (taken from composer.lock; 'version unknown' for modules it does not list)",
)


def _listing(names: tuple[str, ...] | list[str], limit: int = 12) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def _origin_guess(installation: Installation) -> str:
    """Where modules config.php names but nothing here explains probably come from."""
    composer = installation.composer
    third = [r for r in composer.root_requires if not r.startswith(("magento/", "mage-os/", "php", "ext-", "lib-"))]
    if composer.lock_file is None and third:
        json_file = composer.json_file or "composer.json"
        return (
            f"There is no composer.lock, so they may come from the {len(third)} packages {json_file} requires "
            f"({_listing(third, 6)}) or from app/code on the server (not committed)."
        )
    return "They are probably under app/code on the server (not committed)."


def coverage_findings(installation: Installation) -> list[Finding]:
    coverage = installation.coverage
    lock = installation.composer.lock_file or "composer.lock"
    vendor = installation.composer.vendor_dir
    findings: list[Finding] = []
    if coverage.packages_missing:
        modules = installation.module_map()
        third = sorted(n for n in coverage.modules_missing if n in modules and not modules[n].core)
        whole = len(coverage.packages_missing) == coverage.lock_packages
        findings.append(
            Finding(
                id="source.vendor-missing",
                rule="source.vendor-missing",
                severity=FindingSeverity.LOW,
                title=(
                    f"{vendor}/ is not here"
                    if whole
                    else f"{len(coverage.packages_missing)} package folders missing from {vendor}/"
                )
                + f": {len(coverage.modules_missing)} modules known from {lock} only"
                + (f" ({len(third)} third-party)" if third else ""),
                detail=f"{lock} installs {coverage.lock_packages} module and theme packages; "
                f"{len(coverage.packages_missing)} are not "
                f"under {vendor}/. Their modules still count (from {lock} and config.php), but these checks were "
                "weaker for them: "
                + "; ".join(WEAKER_WITHOUT_CODE)
                + "."
                + (f" Third-party modules without code: {_listing(third)}." if third else ""),
                evidence=evidence(
                    lock, None, f"{len(coverage.packages_missing)} of {coverage.lock_packages} missing"
                ),
                advice="Run the audit on a root after `composer install` (or on the live folder) to check "
                "conflicts, plugins and overrides of these modules too.",
            )
        )
    modules = installation.module_map()
    config_file = installation.config.file if installation.config else "app/etc/config.php"
    unexplained = [n for n in coverage.config_only if n in modules and not modules[n].core]
    if not coverage.code_complete and unexplained:
        enabled = [n for n in unexplained if modules[n].enabled]
        findings.append(
            Finding(
                id="source.code-missing",
                rule="source.code-missing",
                severity=FindingSeverity.LOW,
                title=f"{len(unexplained)} modules in config.php have no code here and no package in {lock}",
                detail=f"{len(enabled)} of them enabled: {_listing(enabled or unexplained)}. "
                + _origin_guess(installation)
                + " They count as modules of unknown origin; "
                + "; ".join(WEAKER_WITHOUT_CODE)
                + " were not checked for them.",
                evidence=evidence(config_file, None),
                advice="Audit the live folder, or commit app/code, to check these modules' code.",
            )
        )
    stale = [n for n in coverage.config_only if n not in modules]
    if coverage.code_complete and stale:
        findings.append(
            Finding(
                id="module.stale-config",
                rule="module.stale-config",
                severity=FindingSeverity.INFO,
                title=f"config.php lists {len(stale)} modules that are not installed",
                detail=f"{_listing(stale)}: Magento ignores them; `bin/magento setup:upgrade` removes them.",
                evidence=evidence(config_file, None),
                advice="Run setup:upgrade in the next deployment so config.php matches the code.",
            )
        )
    for name, paths in coverage.duplicates:
        findings.append(
            Finding(
                id=f"module.duplicate:{name}",
                rule="module.duplicate",
                severity=FindingSeverity.HIGH,
                title=f"{name} is registered by {len(paths)} folders",
                detail="Magento refuses to start when two registration.php files register the same module "
                f'("already defined"). The audit used {paths[0]}; if the store runs, the other copies are not '
                "deployed, but the next deployment that includes them fails.",
                evidence=tuple(Evidence(file=f"{p}/registration.php") for p in paths),
                advice="Keep one copy (composer's, when there is one) and delete the others.",
            )
        )
    if coverage.unregistered:
        findings.append(
            Finding(
                id="module.unregistered",
                rule="module.unregistered",
                severity=FindingSeverity.INFO,
                title=f"{len(coverage.unregistered)} app/code folders have no registration.php and were ignored",
                detail=f"{_listing(list(coverage.unregistered))}: without registration.php Magento does not load "
                "them (often backups such as *BK or *_old copies).",
                evidence=tuple(Evidence(file=p) for p in coverage.unregistered[:20]),
                advice="Delete backup copies from app/code: they confuse every developer and tool that reads it.",
            )
        )
    return findings
