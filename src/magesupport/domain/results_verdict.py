"""The verdict: the answer of `compare` in a few lines, built once by the services and shown by every output.

The terminal, Markdown, HTML, JSON and the web app all lay out this one object, so they never disagree on the
pick, its price or how sure the tool is. Every figure is already computed: formatters only print it.
"""

from __future__ import annotations

from magesupport.domain.base import Frozen

GUIDE = "the buyer's guide this tool follows"  # its name at the first mention in an output (docs/report.md)


class VerdictLine(Frozen):
    """One package in a sentence: what it costs and where it stands."""

    id: str
    name: str
    price_per_month: float  # the contract: fees and minimum billing a month, store currency
    expected_total_cost: float  # a year: contract, billed work and priced downtime, less credits
    rank: int
    summary: str  # e.g. "costs £410 a month more; P1 answered within 1 h at any hour"
    p1: str = ""  # the P1 wait in a few words: "within 30 min", "up to 2.1 days", "no commitment"
    deal_breakers: int = 0  # critical findings in its quote


class VerdictChange(Frozen):
    """What would change the answer: a price, an input or a weight."""

    kind: str  # price | input | weight | findings
    text: str  # plain words, e.g. "Acme would win at £1,200 a month less"


class NetSaving(Frozen):
    """A package against the simulation's baseline, in money first: ROI only where its denominator means
    something (docs/report.md, "Figures that cannot mislead")."""

    id: str
    net_saving: float  # a year: the baseline's expected total cost minus this one's (negative: costs more)
    extra_spend: float  # a year: this one's fees and billed work minus the baseline's (negative: spends less)
    roi: float | None  # net_saving / extra_spend; None when it spends less or the extra spend is too small
    roi_note: str  # why ROI is shown or not, e.g. "extra spend under 10% of the baseline's"


class Verdict(Frozen):
    pick_id: str
    pick_name: str
    provider: str
    price_per_month: float
    price_per_year: float
    price_basis: str  # e.g. "net of VAT (recovered)"
    currency: str
    reasons: tuple[str, ...]  # three plain reasons at most
    lines: tuple[VerdictLine, ...]  # every package, in rank order
    runner_up_id: str | None
    changes: tuple[VerdictChange, ...]  # what would change the answer
    confidence: str  # high | moderate | low | tie
    confidence_text: str  # the confidence in plain words, e.g. "a tie at this precision: ..."
    caveats: tuple[str, ...] = ()  # e.g. "downtime is not priced: the store's revenue is 0"
    basis: str = "deterministic"  # deterministic | simulation: what the costs above come from
    runner_up_name: str | None = None
    # both ends of the contract price when the quote gives a range (the figures above are at the midpoint)
    price_per_month_low: float | None = None
    price_per_month_high: float | None = None
    price_per_year_low: float | None = None
    price_per_year_high: float | None = None
    savings_baseline_id: str | None = None  # the simulation's --baseline, when it ran
    savings: tuple[NetSaving, ...] = ()  # every package against that baseline, in the simulation's order
