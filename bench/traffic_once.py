"""Traffic is used once: what an outage hour costs against the average hour, per bundled example and package.

For each package: the mean lost revenue a year (P1 + P2, as `compare --years N` reports it: the same seed
and chunks), the P1 part, the P1 downtime hours a year and the ratio

    (P1 lost revenue / P1 downtime hours) / (annual revenue / hours in the reference year)

Incidents arrive uniformly in time and are priced by the revenue of the hours they span, so the ratio is 1
for an outage whose length does not depend on when it starts (a 24x7 package); a package that leaves night
and weekend P1s waiting for its business hours has long outages over quiet hours and a ratio a little under 1.
When incidents followed traffic as well, a peak counted twice and the ratio was about 1.37 for short outages.

Run: PYTHONPATH=src .venv/bin/python bench/traffic_once.py [YEARS]
"""

from __future__ import annotations

import sys

from magesupport.services.workspaces import example_path
from magesupport.simulate.run import plan_workspace, run_years
from magesupport.workspace.loader import load_workspace

EXAMPLES = ("startup", "midmarket", "enterprise", "uk-fashion")


def main(years: int = 5000) -> None:
    print(f"{years:,} store-years, seed 1")
    head = ("lost/yr", "P1 lost/yr", "P1 down h", "ratio")
    print(f"{'example':11s} {'package':28s} {head[0]:>12s} {head[1]:>12s} {head[2]:>9s} {head[3]:>6s}")
    for name in EXAMPLES:
        workspace = load_workspace(example_path(name))
        plan = plan_workspace(workspace)
        average_hour = float(workspace.store.annual_revenue) / plan.frame.year_hours
        for package, summary in zip(workspace.packages, run_years(plan, years, seed=1), strict=True):
            sums = summary.sums
            lost = (sums["lost_p1"] + sums["lost_p2"]) / years
            down = sums["downtime"]
            ratio = sums["lost_p1"] / down / average_hour if down > 0 else float("nan")
            print(
                f"{name:11s} {package.id:28s} {lost:12,.0f} {sums['lost_p1'] / years:12,.0f} "
                f"{down / years:9.2f} {ratio:6.3f}"
            )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
