"""A new quote starts from its model: the typical keys of an hourly, retainer, ticket-bundle, prepaid-block,
managed or dedicated offer, with comments that say what to fill in (docs/workspace-format.md)."""

from __future__ import annotations

from pathlib import Path

from magesupport.domain.errors import UsageError
from magesupport.files.write import atomic_write_text
from magesupport.services.web_workspaces import FILE_NAME, NAME, check_name, workspace_dir

COMMON_HEAD = """# {title}: replace the figures with the offer's own (docs/workspace-format.md lists every key).
id: {id}
name: {name}
model: {model}
currency: {currency}
provider:
  name: {provider}
  timezone: {timezone}
  delivery: local
  emergency_channels: [email]
business_hours: {{days: mon-fri, hours: "09:00-17:00", timezone: {timezone}}}
"""

PRICING = {
    "hourly": """pricing:
  hourly_rate: 120  # an hour, {currency}
  billing_increment: 15m
  minimum_charge: 30m
  surcharges:
    - {{when: outside_business_hours, multiplier: 1.5}}
""",
    "retainer": """pricing:
  monthly_fee: 3000  # {currency} a month
  included_hours: 25  # hours a month
  overflow_rate: 110  # an extra hour
  billing_increment: 15m
  rollover: {{policy: capped, max_fraction: 0.25, expires_after_months: 1}}
""",
    "ticket_bundle": """pricing:
  monthly_fee: 800  # {currency} a month
  included_tickets: 8  # tickets a month
  ticket_price: 120  # an extra ticket
  hours_per_ticket: 2  # the work one ticket covers
  hourly_rate: 60
""",
    "prepaid_block": """pricing:
  hourly_rate: 95  # an hour in a small block
  volume_tiers: [{{from_hours: 20, rate: 85}}]  # cheaper hours in bigger blocks
  block_hours: 20  # hours per block bought
  billing_increment: 15m
  rollover: {{policy: bank}}
""",
    "managed": """pricing:
  monthly_fee: 6000  # {currency} a month: hosting, monitoring and support
  included_hours: 30
  overflow_rate: 140
  unlimited: [incidents]
""",
    "dedicated": """pricing:
  monthly_fee: 25000  # {currency} a month for the dedicated team
  included_hours: 160  # hours a month
  overflow_rate: 160
  onboarding_fee: 10000
""",
}

SEVERITIES = """severities:
  P1: {{definition: "Store down, or checkout failing", response: {p1}, resolution: {p1_fix}, coverage: {p1_coverage}}}
  P2: {{definition: "Major function broken", response: 4h, coverage: business_hours}}
  P3: {{definition: "Minor defect with a workaround", response: 1 business days, coverage: business_hours}}
  P4: {{definition: "Question or cosmetic", response: 2 business days, coverage: business_hours}}
service_credits: {{per_breach_pct: {credit}, cap_pct: {cap}}}
contract:
  minimum_term_months: {term}
  notice_days: 30
  ip_ownership: client
"""

SHAPE = {  # P1 response and resolution, its coverage, credits, the minimum term: what each model usually offers
    "hourly": ("8h", "24h", "business_hours", 0, 0, 1),
    "retainer": ("1h", "4h", "24x7", 5, 25, 12),
    "ticket_bundle": ("4h", "24h", "business_hours", 0, 0, 1),
    "prepaid_block": ("8h", "24h", "business_hours", 0, 0, 0),
    "managed": ("30m", "4h", "24x7", 5, 30, 12),
    "dedicated": ("15m", "2h", "24x7", 10, 50, 24),
}
MODELS = tuple(PRICING)
TITLES = {"hourly": "Hourly (pay as you go)", "retainer": "Monthly retainer", "ticket_bundle": "Ticket bundle",
          "prepaid_block": "Prepaid hour blocks", "managed": "Managed service", "dedicated": "Dedicated team"}


def quote_text(model: str, quote_id: str, name: str, provider: str, currency: str, timezone: str) -> str:
    if model not in PRICING:
        raise UsageError(f"unknown model {model!r} (choose {', '.join(MODELS)})")
    p1, p1_fix, coverage, credit, cap, term = SHAPE[model]
    values = {"title": TITLES[model], "id": quote_id, "name": name, "model": model, "currency": currency,
              "provider": provider, "timezone": timezone, "p1": p1, "p1_fix": p1_fix, "p1_coverage": coverage, "credit": credit,
              "cap": cap, "term": term}
    return COMMON_HEAD.format(**values) + PRICING[model].format(**values) + SEVERITIES.format(**values)


def new_quote(root: Path, workspace: str, model: str, quote_id: str, name: str, provider: str) -> str:
    """Write quotes/<id>.yaml from the model (refusing an existing file); returns its relative path."""
    from ruamel.yaml import YAML

    folder = workspace_dir(root, workspace)
    check_name(quote_id, NAME)
    file_name = check_name(f"{quote_id}.yaml", FILE_NAME)
    target = folder / "quotes" / file_name
    if target.exists():
        raise UsageError(f"quotes/{file_name} already exists: pick another id")
    store = YAML(typ="safe", pure=True).load((folder / "store.yaml").read_text(encoding="utf-8")) or {}
    currency = str(store.get("currency", "USD")) if isinstance(store, dict) else "USD"
    timezone = str(store.get("timezone", "UTC")) if isinstance(store, dict) else "UTC"
    for label, value in (("name", name), ("provider", provider)):
        if not value.strip() or any(ch in value for ch in "\n\r{}[]#:\"'"):
            raise UsageError(f"{label}: give a plain name (no line breaks, quotes, ':', '#' or brackets)")
    atomic_write_text(target, quote_text(model, quote_id, name.strip(), provider.strip(), currency, timezone))
    return f"quotes/{file_name}"
