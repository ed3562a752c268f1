"""Who owns what once the new provider is in place, when the store has its own technical team (co-sourcing).

The split follows the guide's co-sourcing model (the internal team keeps strategy, front end and business
logic; the provider takes the platform, patching, security, performance and 24/7 incidents), moved back to
the merchant's team wherever the package does not include the service.
"""

from __future__ import annotations

from magesupport.calendars.tables import weekly_covered_hours
from magesupport.domain.base import Cadence, Severity
from magesupport.domain.package import SupportPackage
from magesupport.domain.profile import StoreProfile, TeamLevel
from magesupport.domain.results_review import Responsibility

MERCHANT, PROVIDER, SHARED = "merchant team", "provider", "shared"


def _row(area: str, provider_does: bool, note_yes: str, note_no: str) -> Responsibility:
    if provider_does:
        return Responsibility(area=area, owner=PROVIDER, supports=MERCHANT, note=note_yes)
    return Responsibility(area=area, owner=MERCHANT, supports="-", note=note_no)


def responsibilities(store: StoreProfile, package: SupportPackage) -> tuple[Responsibility, ...]:
    if store.internal_team.level is TeamLevel.NONE:
        return ()
    services = package.services
    p1 = package.terms(Severity.P1)
    p1_always = (
        p1 is not None
        and p1.response is not None
        and weekly_covered_hours(package.resolve_calendar(p1.coverage, store.timezone)) >= 168 - 1e-9
    )
    rows = [
        Responsibility(
            area="Roadmap and strategic development",
            owner=MERCHANT,
            supports=PROVIDER,
            note="the provider advises on architecture and upgrades",
        ),
        Responsibility(
            area="Front-end theme changes",
            owner=MERCHANT,
            supports=PROVIDER,
            note="the provider reviews for performance",
        ),
        Responsibility(
            area="Business rules and priorities", owner=MERCHANT, supports="-", note="the merchant decides"
        ),
        _row(
            "Infrastructure and scaling",
            services.infrastructure_management,
            "included in the package",
            "not in the package: the merchant's team or the host",
        ),
        _row(
            "Core and extension security patches",
            services.security_patching.included,
            f"within {services.security_patching.days_to_production} days of release"
            if services.security_patching.days_to_production is not None
            else "included",
            "not in the package",
        ),
        _row(
            "Security monitoring and scans",
            services.code_integrity_monitoring or services.vulnerability_scanning is not Cadence.NONE,
            f"scans {services.vulnerability_scanning.value}"
            + (", code integrity monitoring" if services.code_integrity_monitoring else ""),
            "not in the package",
        ),
        _row(
            "Performance tuning and audits",
            services.performance_audits is not Cadence.NONE,
            f"audits {services.performance_audits.value}",
            "not in the package",
        ),
        _row(
            "Extension updates and conflicts",
            services.extension_management,
            "register and review by the provider",
            "not in the package",
        ),
        _row(
            "Backups and disaster recovery",
            services.disaster_recovery.backups is not Cadence.NONE
            or services.disaster_recovery.rto is not None,
            f"backups {services.disaster_recovery.backups.value}",
            "not in the package",
        ),
    ]
    if p1_always:
        rows.append(
            Responsibility(
                area="P1 incidents, 24/7",
                owner=PROVIDER,
                supports=MERCHANT,
                note="the merchant's team is informed",
            )
        )
    else:
        rows.append(
            Responsibility(
                area="P1 incidents, 24/7",
                owner=SHARED,
                supports="-",
                note="the provider in its covered hours; the merchant's team outside them",
            )
        )
    rows.append(
        Responsibility(
            area="Minor features and bug fixes",
            owner=SHARED if services.development_allowed else MERCHANT,
            supports="-" if services.development_allowed else PROVIDER,
            note="split agreed in the monthly planning"
            if services.development_allowed
            else "the package's hours may not be used for development",
        )
    )
    rows.append(
        _row(
            "Shared documentation and hand-off meetings",
            services.knowledge_transfer,
            "the provider keeps runbooks and module notes in the shared repository",
            "the merchant's team keeps them",
        )
    )
    return tuple(rows)
