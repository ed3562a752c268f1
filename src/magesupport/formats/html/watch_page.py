"""A WatchReport as one self-contained HTML page (templates/watch.html.j2): sources, charts, incidents."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from matplotlib.dates import date2num

from magesupport.domain.results_watch import Series, WatchReport
from magesupport.formats.html.page import render_page
from magesupport.formats.html.svg import new_figure, to_svg


@dataclass(frozen=True)
class SeriesChart:
    svg: str
    alt: str  # a sentence describing what the chart shows


def series_chart(report: WatchReport, series: Series) -> SeriesChart:
    """The series as a line (UTC), deploys as dashed green lines, its kinds' incidents as shaded spans."""
    xs = [series.start + timedelta(seconds=series.step_seconds * i) for i in range(len(series.values))]
    fig = new_figure(10, 2.6)
    ax = fig.add_subplot(111)
    ax.plot(date2num(xs), series.values, linewidth=0.9)
    ax.xaxis_date()
    for deploy in report.deploys:
        ax.axvline(float(date2num(deploy)), color="green", linestyle="--", linewidth=0.8)
    shaded = False
    for incident in report.incidents:
        if incident.kind not in series.kinds:
            continue
        # only the hours the finding was going on, not its whole window (a crawler seen now and then
        # over a month would wash the chart red)
        for start, end in incident.active or ((incident.start, incident.end),):
            if start <= xs[-1] and end >= xs[0]:
                ax.axvspan(float(date2num(start)), float(date2num(end)), color="red", alpha=0.15, linewidth=0)
                shaded = True
    ax.set_title(series.name, fontsize=10)
    ax.set_ylabel(series.unit, fontsize=8)
    ax.tick_params(labelsize=7)
    fig.autofmt_xdate()
    alt = (
        f"{series.name} ({series.unit}) over time in UTC"
        + (", deploys as dashed green lines" if report.deploys else "")
        + (f", incidents ({', '.join(series.kinds)}) shaded red" if shaded else "")
        + "."
    )
    return SeriesChart(to_svg(fig, alt), alt)


def render(report: WatchReport) -> str:
    charts = [series_chart(report, s) for s in report.series if s.values and s.chart]
    return render_page("watch.html.j2", "watch.css", report=report, charts=charts)
