"""Text bound for a terminal: control characters shown as escapes, never sent raw.

A name in a workbook may hold an ANSI or OSC sequence (``ESC ]0;title BEL``, ``ESC [2J``), a bare carriage
return or backspaces that overwrite what was printed, or a bidirectional override (U+202E) that reorders it.
Everything pairnet prints on standard output or standard error passes through ``visible`` (or, for JSON,
``json_visible``, which keeps the text exact); files written with ``--out`` keep the values as they are.
"""

from __future__ import annotations

import re

# C0 controls but line feed (tab too: it breaks a table's alignment), DEL, C1 controls (U+009B is a CSI on
# many terminals), and the invisible format characters that reorder or hide text
_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069"
                     "\ufeff\ufff9-\ufffb]")


def _escape(m: re.Match[str]) -> str:
    c = ord(m.group(0))
    return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"


def visible(text: str, keep_tabs: bool = False) -> str:
    r"""``text`` with every control or reordering character written as an escape (line breaks kept).

    >>> visible("张\x1b]0;pwned\x07三\r\u202eX")
    '张\\x1b]0;pwned\\x07三\\x0d\\u202eX'
    >>> visible("a\tb", keep_tabs=True)
    'a\tb'
    """
    if keep_tabs:
        return _UNSAFE.sub(lambda m: m.group(0) if m.group(0) == "\t" else _escape(m), text)
    return _UNSAFE.sub(_escape, text)


def json_visible(text: str) -> str:
    r"""JSON text with the characters ``visible`` escapes written as ``\uXXXX``: the same JSON value, safe to show.

    >>> json_visible('"a\u202eb\x9b"')
    '"a\\u202eb\\u009b"'
    """
    return _UNSAFE.sub(lambda m: m.group(0) if m.group(0) in "\t\r" else f"\\u{ord(m.group(0)):04x}", text)
