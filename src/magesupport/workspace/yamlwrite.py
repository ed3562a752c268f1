"""Write measured workload figures into store.yaml, keeping the user's comments and layout.

ruamel.yaml's round-trip mode keeps comments, key order, quoting and flow style; the indentation of block
sequences is detected by trying the usual layouts on the untouched file and keeping the one that
reproduces it byte for byte. The new text is validated as a StoreProfile before it replaces the file
(temporary file + rename), so a failure leaves store.yaml as it was; CRLF line endings, the file's mode
and a symlink to it are kept.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from magesupport.domain.errors import Problem, WorkspaceError
from magesupport.files.write import atomic_write_text

LAYOUTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (2, 4, 0), (4, 6, 4), (4, 4, 0))


def _yaml(layout: tuple[int, int, int]) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    mapping, sequence, offset = layout
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _dump(yaml: YAML, data: Any) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _layout(text: str) -> tuple[int, int, int]:
    for layout in LAYOUTS:
        yaml = _yaml(layout)
        if _dump(yaml, yaml.load(text)) == text:
            return layout
    return LAYOUTS[0]


def _flow(values: dict[str, float]) -> CommentedMap:
    node = CommentedMap(values)
    node.fa.set_flow_style()
    return node


def update_workload(
    path: Path, updates: dict[str, Any], dry_run: bool = False, text: str | None = None
) -> str:
    """Set `workload.<key>` for each update (dicts written in flow style); returns the new text.

    `text` is the file's text when the caller has already read it (`YamlDocument.text`), else it is read.
    """
    from magesupport.domain.profile import StoreProfile

    if text is None:
        text = path.read_bytes().decode("utf-8")
    newline = "\r\n" if "\r\n" in text else "\n"  # the file's line endings are written back as they were
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    yaml = _yaml(_layout(text))
    data = yaml.load(text)
    if not isinstance(data, CommentedMap):
        raise WorkspaceError([Problem(str(path), 1, "", "expected a mapping of keys at the top of the file")])
    workload = data.get("workload")
    if workload is None:
        workload = CommentedMap()
        data["workload"] = workload
    for key, value in updates.items():
        workload[key] = _flow(value) if isinstance(value, dict) else value
    new_text = _dump(yaml, data)
    try:
        StoreProfile.model_validate(YAML(typ="safe").load(new_text))
    except Exception as exc:  # the figures we measured must make a valid store.yaml: refuse otherwise
        raise WorkspaceError(
            [Problem(str(path), None, "workload", f"calibrated figures rejected: {exc}")]
        ) from None
    if newline != "\n":
        new_text = new_text.replace("\n", newline)
    if not dry_run:  # a symlinked store.yaml: the real file is written, the link and the mode kept
        atomic_write_text(path, new_text)
    return new_text
