"""XML parsed with the standard library, defusedxml-style: a document with a DOCTYPE or entities is refused."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from pairnet.graph.core.messages import loader_text
from pairnet.loaders.formats.grid import Unreadable


def parse(data: bytes, what: str) -> ET.Element:
    """The root element of ``data``; ``Unreadable`` for a DOCTYPE or ENTITY declaration (entity expansion,
    external files) or for XML that does not parse. ``what`` names the document in the message."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data or b"<!doctype" in data:
        raise Unreadable(loader_text("xml_entities"))
    try:
        return ET.fromstring(data)
    except ET.ParseError as e:
        raise Unreadable(loader_text("cannot_open", path=what, kind="XML", why=str(e))) from None


def local(tag: str) -> str:
    """A tag or attribute name without its namespace: ``{urn:...}Row`` -> ``Row``."""
    return tag.rsplit("}", 1)[-1]
