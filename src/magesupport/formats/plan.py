"""The transition plan as terminal tables or Markdown (JSON: formats.interface.as_json)."""

from __future__ import annotations

import io

from rich.markup import escape
from rich.table import Table

from magesupport.domain.results_review import TransitionPlan
from magesupport.formats.console import text_console


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
            f"{task.phase}. {task.phase_name}",
            escape(task.task),
            task.owner,
            f"{task.start:%Y-%m-%d}",
            f"{task.due:%Y-%m-%d}",
            escape(task.detail),
        )
    console.print(table)
    if plan.responsibilities:
        matrix = Table(title="Who owns what after cut-over", title_justify="left")
        for name in ("Area", "Owner", "Supports", "Note"):
            matrix.add_column(name, overflow="fold")
        for row in plan.responsibilities:
            matrix.add_row(escape(row.area), row.owner, row.supports, escape(row.note))
        console.print(matrix)
    return out.getvalue()


def render_markdown(plan: TransitionPlan) -> str:
    lines = [f"# {_head(plan)[0]}", "", _head(plan)[1] + ".", ""]
    lines += [f"- {note}" for note in plan.notes]
    if plan.notes:
        lines.append("")
    phase = 0
    for task in plan.tasks:
        if task.phase != phase:
            phase = task.phase
            lines += [
                "",
                f"## {task.phase}. {task.phase_name}",
                "",
                "| Task | Owner | Start | Due | Detail |",
            ]
            lines.append("| --- | --- | --- | --- | --- |")
        lines.append(
            f"| {task.task} | {task.owner} | {task.start:%Y-%m-%d} | {task.due:%Y-%m-%d} | "
            + task.detail.replace("|", "\\|")
            + " |"
        )
    if plan.responsibilities:
        lines += ["", "## Who owns what after cut-over", "", "| Area | Owner | Supports | Note |"]
        lines.append("| --- | --- | --- | --- |")
        lines += [f"| {r.area} | {r.owner} | {r.supports} | {r.note} |" for r in plan.responsibilities]
    return "\n".join(lines) + "\n"
