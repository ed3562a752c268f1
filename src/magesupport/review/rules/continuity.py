"""Continuity rules: senior on-call, emergency channels, tooling, monitoring, disaster recovery, backups."""

from __future__ import annotations

from magesupport.domain.package import Channel, Staffing
from magesupport.domain.profile import TeamLevel
from magesupport.review.rule import CRITICAL, INFO, WARNING, Check, Context, at_least, fail, ok, rule, tiered

FAST_CHANNELS = {Channel.PHONE, Channel.SLACK, Channel.TEAMS}
DR_LIMITS = {"midmarket": (8.0, 4.0), "enterprise": (4.0, 1.0)}  # RTO, RPO hours at most


@rule(
    "CONT-001",
    "On-call rota staffed by senior engineers",
    "continuity",
    """A P1 at night needs someone who can diagnose Magento, not only restart a server. The guide asks
    whether seniors are in the on-call rota.""",
    "Who is on call outside business hours: names or roles, seniority, and how many people share the rota?",
    tiered(INFO, WARNING, CRITICAL, risk=True),
    "a mixed rota is at most a warning",
)
def on_call(ctx: Context) -> Check:
    staffing = ctx.package.provider.on_call_staffing
    if staffing is Staffing.SENIOR:
        return ok("provider.on_call_staffing", staffing)
    if staffing is Staffing.MIXED:
        return fail(
            "provider.on_call_staffing",
            staffing,
            "juniors and seniors share the on-call rota",
            at_most=WARNING,
        )
    detail = "no on-call rota" if staffing is Staffing.NONE else "the on-call rota is junior"
    return fail("provider.on_call_staffing", staffing, detail)


@rule(
    "CONT-002",
    "An emergency channel faster than e-mail",
    "continuity",
    """E-mail and ticket portals wait in queues. A P1 needs a phone line or a chat channel that wakes
    someone up.""",
    "What number or channel do we use for a P1, and who answers it at night?",
    tiered(INFO, WARNING, CRITICAL),
)
def channels(ctx: Context) -> Check:
    found = ctx.package.provider.emergency_channels
    if set(found) & FAST_CHANNELS:
        return ok("provider.emergency_channels", found)
    return fail("provider.emergency_channels", found, "emergencies are reported by e-mail or portal only")


@rule(
    "CONT-003",
    "Instant access to monitoring, logs and pipelines",
    "continuity",
    """Minutes spent asking for access are minutes of outage. The team that answers a P1 must already
    have the monitoring, logs and deployment pipeline at hand.""",
    "Will your on-call engineers have standing access to our monitoring, logs and deployment pipeline?",
    tiered(INFO, WARNING, WARNING),
)
def tooling(ctx: Context) -> Check:
    value = ctx.package.provider.tooling_access
    if value:
        return ok("provider.tooling_access", value)
    return fail(
        "provider.tooling_access", value, "no standing access to monitoring, logs and pipelines stated"
    )


@rule(
    "CONT-004",
    "Disaster recovery with RTO and RPO",
    "continuity",
    """The recovery time and recovery point objectives say how long the store may be down and how many
    orders may be lost after a disaster. Unstated, they are whatever happens.""",
    "What recovery time (RTO) and data-loss window (RPO) do you commit to, and how are they met?",
    tiered(INFO, WARNING, CRITICAL),
    "the stakes when RTO or RPO is missing; warning when above 8 h / 4 h (mid-market) or 4 h / 1 h "
    "(enterprise)",
)
def disaster_recovery(ctx: Context) -> Check:
    dr = ctx.package.services.disaster_recovery
    value = f"RTO {dr.rto or '-'}, RPO {dr.rpo or '-'}"
    if dr.rto is None or dr.rpo is None:
        return fail("services.disaster_recovery", value, "no RTO and RPO commitment")
    limits = DR_LIMITS.get(ctx.archetype)
    if limits and (dr.rto.hours > limits[0] + 1e-9 or dr.rpo.hours > limits[1] + 1e-9):
        return fail(
            "services.disaster_recovery",
            value,
            f"longer than this store can afford (RTO <= {limits[0]:g} h, RPO <= {limits[1]:g} h)",
            at_most=WARNING,
        )
    return ok("services.disaster_recovery", value)


@rule(
    "CONT-005",
    "Failover is tested",
    "continuity",
    """A recovery plan that has never been rehearsed fails on the day. Scheduled failover or restore tests
    prove the RTO.""",
    "When was your last restore or failover test for a client like us, and will we see the next one?",
    tiered(INFO, INFO, WARNING),
)
def failover(ctx: Context) -> Check:
    cadence = ctx.package.services.disaster_recovery.failover_tests
    if at_least(cadence, "yearly"):
        return ok("services.disaster_recovery.failover_tests", cadence)
    return fail(
        "services.disaster_recovery.failover_tests", cadence, "failover and restores are never tested"
    )


@rule(
    "CONT-006",
    "Backups at least daily",
    "continuity",
    """Without a recent backup, a bad deployment or an attack can cost days of orders and customer
    accounts.""",
    "How often are database and media backed up, where are they kept, and how fast can you restore them?",
    tiered(INFO, WARNING, CRITICAL),
)
def backups(ctx: Context) -> Check:
    cadence = ctx.package.services.disaster_recovery.backups
    if at_least(cadence, "daily"):
        return ok("services.disaster_recovery.backups", cadence)
    return fail("services.disaster_recovery.backups", cadence, f"backups {cadence.value}")


@rule(
    "CONT-007",
    "Monitoring with round-the-clock alerting",
    "continuity",
    """Someone has to notice the outage. Uptime monitoring with alerts at any hour turns a night of lost
    orders into minutes.""",
    "Which checks run on the store, and who receives the alerts at night and at weekends?",
    tiered(INFO, WARNING, CRITICAL),
)
def monitoring(ctx: Context) -> Check:
    mon = ctx.package.services.monitoring
    value = f"uptime {'yes' if mon.uptime else 'no'}, alerting {mon.alerting}"
    if mon.uptime and mon.alerting == "24x7":
        return ok("services.monitoring", value)
    detail = "no uptime monitoring" if not mon.uptime else f"alerts only {mon.alerting.replace('_', ' ')}"
    return fail("services.monitoring", value, detail)


@rule(
    "CONT-008",
    "Named senior architects on the account",
    "continuity",
    """An enterprise store's architecture lives in people's heads. Named architects who stay on the account
    keep that knowledge from walking out with each rotation.""",
    "Who are the named architects for our account, and what notice do we get if they change?",
    tiered(None, INFO, WARNING),
)
def architects(ctx: Context) -> Check:
    value = ctx.package.provider.named_architects
    if value:
        return ok("provider.named_architects", value)
    return fail("provider.named_architects", value, "no named architects")


@rule(
    "CONT-009",
    "Knowledge transfer to the internal team",
    "continuity",
    """With an in-house team, shared documentation, hand-off meetings and training make the two teams one,
    and keep the knowledge if the provider changes.""",
    "How will you share runbooks, deployment procedures and module documentation with our team?",
    lambda ctx: (
        None
        if ctx.store.internal_team.level is TeamLevel.NONE
        else WARNING
        if ctx.store.internal_team.level is TeamLevel.SENIOR
        else INFO
    ),
    "only for stores with an internal team: warning for a senior team, info for a junior one",
)
def knowledge_transfer(ctx: Context) -> Check:
    value = ctx.package.services.knowledge_transfer
    if value:
        return ok("services.knowledge_transfer", value)
    return fail("services.knowledge_transfer", value, "no knowledge transfer in the package")
