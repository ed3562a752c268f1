"""Hardened XML parsing for Magento config files: no DTD, no entities, no network, no huge trees.

Magento's XML files never declare a DOCTYPE. A file that does is the shape of an XXE or entity-expansion
(billion laughs) attack, so it is not parsed at all: the reader gets a finding instead of a tree.
"""

from __future__ import annotations

from lxml import etree

from magesupport.audit.installation import SourceIssue

_MAX_BYTES = 8 * 1024 * 1024  # no Magento config file comes near this


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
    )


_PARSER = _parser()


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def parse_xml(data: bytes, file: str) -> tuple[etree._Element | None, SourceIssue | None]:
    """The root element, or None and an issue saying why the file was not read."""
    if len(data) > _MAX_BYTES:
        return None, SourceIssue(
            "xml.oversized",
            "medium",
            file,
            None,
            f"{len(data)} bytes: far larger than any Magento config file; not read",
        )
    for marker in (b"<!DOCTYPE", b"<!ENTITY"):
        offset = data.find(marker)
        if offset >= 0:
            return None, SourceIssue(
                "xml.hostile",
                "high",
                file,
                _line_of(data, offset),
                "declares a DOCTYPE/ENTITY: Magento config files never do, and this is the shape of an XXE or "
                "entity-expansion attack; the file was not read",
            )
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if isinstance(exc.lineno, int) and exc.lineno > 0 else None
        message = str(exc.msg).splitlines()[0] if exc.msg else "not well-formed XML"
        return None, SourceIssue("xml.malformed", "medium", file, line, f"not well-formed XML: {message}")
    except ValueError as exc:  # e.g. an encoding declaration lxml refuses
        return None, SourceIssue("xml.malformed", "medium", file, None, f"not readable as XML: {exc}")
    if root is None:
        return None, SourceIssue("xml.malformed", "medium", file, None, "empty XML document")
    return root, None


def local_name(element: etree._Element) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def is_true(value: str | None) -> bool:
    return value is not None and value.strip().lower() in ("true", "1", "yes")
