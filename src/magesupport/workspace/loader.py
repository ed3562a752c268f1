"""Load a workspace folder: store.yaml and quotes/*.yaml, every problem of every file reported at once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from magesupport.domain.errors import Problem, WorkspaceError
from magesupport.domain.package import SupportPackage
from magesupport.domain.profile import StoreProfile
from magesupport.domain.workspace import Workspace
from magesupport.workspace.checks import check_currency, check_package, check_store
from magesupport.workspace.messages import problems_from
from magesupport.workspace.variants import term_variants, tier_data, tier_variant
from magesupport.workspace.yamlsource import PathKey, YamlDocument, load_yaml

M = TypeVar("M", bound=BaseModel)


def parse_model(
    path: Path, model: type[M], display: str
) -> tuple[M | None, YamlDocument | None, list[Problem]]:
    """Parse one file into `model`; problems instead of exceptions."""
    doc, problems = load_yaml(path, display)
    if doc is None:
        return None, None, problems
    if not isinstance(doc.data, dict):
        kind = "empty" if doc.data is None else f"a {type(doc.data).__name__}"
        return (
            None,
            doc,
            [Problem(display, 1, "", f"expected a mapping of keys at the top of the file, found {kind}")],
        )
    parsed, problems = validate_data(doc.data, doc, model)
    return parsed, doc, problems


def parse_quote(
    path: Path, display: str, store_timezone: str
) -> tuple[list[SupportPackage], YamlDocument | None, list[Problem]]:
    """One quote file: its package, or its variants (one per tier and term option), checked across fields."""
    doc, problems = load_yaml(path, display)
    if doc is None:
        return [], None, problems
    if not isinstance(doc.data, dict):
        kind = "empty" if doc.data is None else f"a {type(doc.data).__name__}"
        return (
            [],
            doc,
            [Problem(display, 1, "", f"expected a mapping of keys at the top of the file, found {kind}")],
        )
    tiers, problems = tier_data(doc)
    found: list[tuple[SupportPackage, YamlDocument]] = []
    if "tiers" not in doc.data:
        package, more = validate_data(doc.data, doc, SupportPackage)
        problems += more
        if package is not None:
            found.append((package, doc))
    for tier in tiers:
        package, more = validate_data(tier.data, tier.doc, SupportPackage, locate=tier.doc.locate)
        problems += more
        if package is not None and not more:
            found.append((tier_variant(package, tier), tier.doc))
    packages = []
    for package, view in found:
        problems += check_package(package, view, store_timezone)
        packages += term_variants(package)
    return packages, doc, problems


def validate_data(
    data: dict[str, Any],
    doc: YamlDocument,
    model: type[M],
    locate: Callable[[PathKey], PathKey] | None = None,
) -> tuple[M | None, list[Problem]]:
    """`data` (the document's own, or a tier merged into its quote) validated as `model`."""
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        problems = problems_from(exc, doc, model, data=data, locate=locate)
        return _lenient(data, exc, model), problems


def _lenient(data: dict, exc: ValidationError, model: type[M]) -> M | None:
    """The model with the offending keys dropped (defaults instead), so cross-field checks still run.

    Returns None when that is impossible (a required key is wrong or missing).
    """
    import copy

    pruned = copy.deepcopy(data)
    for _ in range(3):
        for error in exc.errors(include_url=False):
            _drop(pruned, tuple(error["loc"]))
        try:
            return model.model_validate(pruned)
        except ValidationError as again:
            exc = again
    return None


def _drop(data: object, loc: tuple) -> None:
    """Remove the deepest existing key of `loc` from nested dicts/lists (in place)."""
    node, parent, key = data, None, None
    for part in loc:
        if (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        ):
            parent, key, node = node, part, node[part]
    if isinstance(parent, dict):
        parent.pop(key, None)
    elif isinstance(parent, list) and isinstance(key, int):
        parent.pop(key)


def quote_files(root: Path) -> list[Path]:
    folder = root / "quotes"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in {".yaml", ".yml"} and not p.name.startswith("."))


def load_store(root: Path) -> tuple[StoreProfile, YamlDocument]:
    """Just store.yaml (for commands that need no quotes)."""
    path = root / "store.yaml"
    if path.exists() and not path.is_file():
        raise WorkspaceError([Problem(str(path), None, "", "not a regular file (a FIFO, device or folder is not read)")])
    if not path.is_file():
        raise WorkspaceError(
            [Problem(str(path), None, "", "store.yaml not found (run `magesupport init DIR` to start one)")]
        )
    store, doc, problems = parse_model(path, StoreProfile, str(path))
    if store is not None and doc is not None:
        problems += check_store(store, doc)
    if problems or store is None or doc is None:
        raise WorkspaceError(problems)
    return store, doc


def load_workspace(root: str | Path) -> Workspace:
    """Load and validate a workspace; raise WorkspaceError listing every problem found in every file."""
    root = Path(root)
    if not root.is_dir():
        raise WorkspaceError(
            [Problem(str(root), None, "", "not a folder (a workspace holds store.yaml and quotes/)")]
        )
    problems: list[Problem] = []
    digests: list[tuple[str, str]] = []
    store_path = root / "store.yaml"
    store: StoreProfile | None = None
    if store_path.exists() and not store_path.is_file():
        problems.append(
            Problem(str(store_path), None, "", "not a regular file (a FIFO, device or folder is not read)")
        )
    elif not store_path.is_file():
        problems.append(
            Problem(
                str(store_path), None, "", "store.yaml not found (run `magesupport init DIR` to start one)"
            )
        )
    else:
        store, store_doc, store_problems = parse_model(store_path, StoreProfile, str(store_path))
        if store is not None and store_doc is not None:
            store_problems += check_store(store, store_doc)
            digests.append((store_path.name, store_doc.sha256))
        problems.extend(sorted(set(store_problems), key=lambda p: (p.line or 0, p.field)))
    files = quote_files(root)
    if not files:
        problems.append(
            Problem(str(root / "quotes"), None, "", "no quotes: put one YAML file per quote in quotes/")
        )
    packages: list[SupportPackage] = []
    sources: dict[str, str] = {}
    store_tz = store.timezone if store is not None else "UTC"
    for path in files:
        display = str(path)  # shown as the user can reach it from where they ran the command
        made, doc, file_problems = parse_quote(path, display, store_tz)
        if doc is not None:
            digests.append((path.name, doc.sha256))
        if made and doc is not None and store is not None:
            file_problems += check_currency(made[0], store, doc)
        quote_id = doc.data.get("id") if doc is not None and isinstance(doc.data, dict) else None
        clash = next((p.id for p in made if p.id in sources), None)
        if isinstance(quote_id, str) and quote_id in sources and doc is not None:
            file_problems.append(
                Problem(
                    display,
                    doc.line_of(("id",)),
                    "id",
                    f"duplicate quote id '{quote_id}' (also in {sources[quote_id]})",
                )
            )
        elif clash is not None and doc is not None:
            file_problems.append(
                Problem(
                    display, doc.line_of(("id",)), "id", f"the id '{clash}' is also made by {sources[clash]}"
                )
            )
        elif isinstance(quote_id, str):
            sources[quote_id] = display
            for package in made:
                sources[package.id] = display
                packages.append(package)
        problems.extend(sorted(set(file_problems), key=lambda p: (p.line or 0, p.field)))
    if problems or store is None:
        raise WorkspaceError(problems)
    return Workspace(root=root, store=store, packages=tuple(packages), files=sources, digests=tuple(digests))
