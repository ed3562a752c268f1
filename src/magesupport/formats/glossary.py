"""One plain line for every figure and word the comparison shows (the report's glossary, docs/report.md)."""

from __future__ import annotations

from magesupport.domain.results import CompareResult
from magesupport.domain.results_verdict import GUIDE


def guide_name(result: CompareResult) -> str:
    """The guide's full name, unless the verdict (which comes first) has named it already."""
    v = result.verdict
    said = v is not None and any(GUIDE in text for text in (*v.reasons, *v.caveats))
    return "the guide" if said else GUIDE


GLOSSARY: tuple[tuple[str, str], ...] = (
    ("Contract price", "what the contract costs a month: fees and minimum billing, before any extra work."),
    (
        "Committed",
        "what you pay in a year whatever happens: fees, minimum billing, onboarding over the term.",
    ),
    ("Billed work", "what the expected work costs on top of the fees (hours beyond the included ones)."),
    ("Support cost", "committed plus billed work: the support bill for a year."),
    (
        "Expected total cost",
        "the average year: support cost plus the revenue lost while the store is down, less the service credits "
        "expected to be recovered.",
    ),
    ("Bad year (p95)", "the total cost of a bad year: only 1 year in 20 costs more."),
    (
        "p5, p50, p99",
        "percentiles over the simulated years: 5%, 50% (the median) and 99% of years cost less.",
    ),
    ("Store-years", "simulated years of the store's incidents; every package faces the same ones."),
    ("Net saving", "the baseline's expected total cost minus this package's, a year."),
    (
        "ROI",
        "net saving divided by the extra spend over the baseline; shown only when that extra spend is at least "
        "10% of the baseline's, because a ratio over a tiny spend misleads.",
    ),
    ("Lost revenue", "revenue a P1 (store down) or a P2 (partly down) costs while it is open."),
    ("Service credits", "money the provider pays back for missed targets, as its quote states."),
    (
        "P1, P2, P3, P4",
        "incident severities: P1 the store is down, P2 a key feature broken, P3 minor, P4 a question.",
    ),
    ("P1 wait", "the longest time from reporting a P1 to the provider's response over the year."),
    (
        "Typical week",
        "the median wait for each hour of the week over the year (the worst case is named apart).",
    ),
    ("Covered hours", "the hours of the week in which the provider's clock runs for that severity."),
    ("Effective rate", "what an hour of work really costs in this package, fees included."),
    (
        "Deal-breaker",
        "a critical finding: a term that fails this store outright, such as no P1 cover at night.",
    ),
    ("SLA fit", "0-100: how well the response and cover terms fit what this store needs."),
    ("Contract score", "0-100: how fair the cost and contract terms are (notice, lock-in, billing rules)."),
    ("Provider score", "0-100: continuity, security and quality of the provider as quoted."),
    (
        "Score",
        "0-100: the weighted sum of the criteria; the risk-adjusted cost scaled from the dearest package (0) "
        "to the cheapest (1), the 0-100 scores as they are.",
    ),
    (
        "Risk-adjusted cost",
        "the expected total cost plus a share of how much worse the worst years are (CVaR95 minus the "
        "expected cost); the share grows with the weight you give to bad years.",
    ),
    ("CVaR95", "the average total cost of the worst 5% of simulated years."),
    (
        "± 2 SE",
        "twice the standard error: the simulation's own imprecision on an average; a difference smaller than "
        "this is a tie at this precision.",
    ),
    ("Regret", "on average, how much more a package costs than the cheapest one in the same year."),
    (
        "P(recommended)",
        "how often the package is the recommendation when the uncertain inputs, the sampling and the weights "
        "are drawn together.",
    ),
    (
        "Value of information",
        "what knowing one uncertain input exactly would save a year on average, by letting you pick better.",
    ),
    (
        "First in",
        "how often the package still ranks first when the weights are shifted at random around yours "
        "(Dirichlet draws: the higher the concentration, the smaller the shifts).",
    ),
    ("Confidence", "high from 90% of those tries (or of the simulated draws), moderate from 60%, low below."),
    ("Sensitivity", "each assumption halved and doubled, to see whether the cheapest package changes."),
    (
        "Prevention factor",
        "how much monitoring, patching and audits in a package lower the rate of incidents (x0.8 = 20% fewer).",
    ),
    ("P(outage > 4 h)", "the share of simulated years with at least one P1 outage longer than four hours."),
    ("Breaches", "missed response and resolution targets a year."),
    (
        "The guide",
        "a buyer's guide to Magento support packages (archetypes by revenue, the package each one "
        "needs, the questions to ask); docs/report.md describes it.",
    ),
)
