"""The transition plan as terminal tables or Markdown (JSON: formats.interface.as_json)."""

from __future__ import annotations

import io

from rich.table import Table

from magesupport.domain.results_review import TransitionPlan
from magesupport.formats.console import text_console
from magesupport.formats.escape import console_cell, md_cell, md_text


def _head(plan: TransitionPlan) -> list[str]:
    return [
        f"Transition of {plan.store} to {plan.package_name} ({plan.package_id}, {plan.provider})",
        f"Start {plan.start:%a %Y-%m-%d}; cut-over {plan.cutover:%a %Y-%m-%d}; review {plan.review:%a %Y-%m-%d}",
    ]


def render_table(plan: TransitionPlan, color: bool = False, width: int = 150) -> str:
    out = io.StringIO()
    console = text_console(color, width, out)
    for line in _head(plan):
        console.print(line, markup=False)
    for note in plan.notes:
        console.print(f"  note: {note}", markup=False)
    table = Table(title="Tasks", title_justify="left")
    for name in ("Phase", "Task", "Owner", "Start", "Due", "Detail"):
        table.add_column(name, overflow="fold", no_wrap=name in ("Start", "Due", "Owner"))
    for task in plan.tasks:
        table.add_row(
            console_cell(f"{task.phase}. {task.phase_name}"),
            console_cell(task.task),
            console_cell(task.owner),
            f"{task.start:%Y-%m-%d}",
            f"{task.due:%Y-%m-%d}",
            console_cell(task.detail),
        )
    console.print(table)
    if plan.responsibilities:
        matrix = Table(title="Who owns what after cut-over", title_justify="left")
        for name in ("Area", "Owner", "Supports", "Note"):
            matrix.add_column(name, overflow="fold")
        for row in plan.responsibilities:
            matrix.add_row(*(console_cell(cell) for cell in (row.area, row.owner, row.supports, row.note)))
        console.print(matrix)
    return out.getvalue()


def render_markdown(plan: TransitionPlan) -> str:
    lines = [f"# {md_text(_head(plan)[0])}", "", md_text(_head(plan)[1]) + ".", ""]
    lines += [f"- {md_text(note)}" for note in plan.notes]
    if plan.notes:
        lines.append("")
    phase = 0
    for task in plan.tasks:
        if task.phase != phase:
            phase = task.phase
            lines += [
                "",
                f"## {task.phase}. {md_text(task.phase_name)}",
                "",
                "| Task | Owner | Start | Due | Detail |",
            ]
            lines.append("| --- | --- | --- | --- | --- |")
        lines.append(
            f"| {md_cell(task.task)} | {md_cell(task.owner)} | {task.start:%Y-%m-%d} | {task.due:%Y-%m-%d} | "
            f"{md_cell(task.detail)} |"
        )
    if plan.responsibilities:
        lines += ["", "## Who owns what after cut-over", "", "| Area | Owner | Supports | Note |"]
        lines.append("| --- | --- | --- | --- |")
        lines += [
            "| " + " | ".join(md_cell(cell) for cell in (r.area, r.owner, r.supports, r.note)) + " |"
            for r in plan.responsibilities
        ]
    return "\n".join(lines) + "\n"


def render_html(plan: TransitionPlan) -> str:
    """One self-contained page in the report's style (templates/plan.html.j2, report.css)."""
    from magesupport.formats.html.page import render_page

    return render_page("plan.html.j2", "report.css", p=plan)
