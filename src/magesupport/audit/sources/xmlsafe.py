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


_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
)


def _as_text(data: bytes) -> str:
    """The file as text in the encoding its first bytes show (BOM, or the NULs of UTF-16/32 without one),
    so that a DOCTYPE is found whatever the encoding (a byte search misses a UTF-16 one)."""
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    if encoding is None:
        head = data[:4]
        if head[:3] == b"\x00\x00\x00" or head[1:4] == b"\x00\x00\x00":
            encoding = "utf-32-be" if head[0] == 0 else "utf-32-le"
        elif len(head) >= 2 and (head[0] == 0) != (head[1] == 0):
            encoding = "utf-16-be" if head[0] == 0 else "utf-16-le"
    return data.decode(encoding or "utf-8", errors="replace")


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
    text = _as_text(data)
    for marker in ("<!DOCTYPE", "<!ENTITY"):
        offset = text.find(marker)
        if offset >= 0:
            return None, SourceIssue(
                "xml.hostile",
                "high",
                file,
                text.count("\n", 0, offset) + 1,
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
