"""The verdict: the answer of `compare` in a few lines, built once by the services and shown by every output.

The terminal, Markdown, HTML, JSON and the web app all lay out this one object, so they never disagree on the
pick, its price or how sure the tool is. Every figure is already computed: formatters only print it.
"""

from __future__ import annotations

from magesupport.domain.base import Frozen


class VerdictLine(Frozen):
    """One package in a sentence: what it costs and where it stands."""

    id: str
    name: str
    price_per_month: float  # the contract: fees and minimum billing a month, store currency
    expected_total_cost: float  # a year: contract, billed work and priced downtime, less credits
    rank: int
    summary: str  # e.g. "costs £410 a month more; P1 answered within 1 h at any hour"


class VerdictChange(Frozen):
    """What would change the answer: a price, an input or a weight."""

    kind: str  # price | input | weight | findings
    text: str  # plain words, e.g. "Acme would win at £1,200 a month less"


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
