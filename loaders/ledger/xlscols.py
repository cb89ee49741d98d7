"""Hidden columns of an Excel 97-2003 (.xls) workbook, which calamine does not report: each sheet's COLINFO
records, read from the compound file's Workbook stream with the standard library alone."""

from __future__ import annotations

import struct
from pathlib import Path

_FREE, _END = 0xFFFFFFFF, 0xFFFFFFFE


def _stream(data: bytes, name: str) -> bytes | None:
    """The stream ``name`` of the compound file ``data`` (regular or mini stream), or None."""
    if data[:8] != b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" or len(data) < 512:
        return None
    shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
    size, mini_size = 1 << shift, 1 << mini_shift
    n_fat, first_dir = struct.unpack_from("<II", data, 0x2C)
    cutoff, first_minifat, n_minifat, first_difat, n_difat = struct.unpack_from("<IIIII", data, 0x38)

    def sector(i: int) -> bytes:
        return data[512 + i * size: 512 + (i + 1) * size]

    difat = list(struct.unpack_from("<109I", data, 0x4C))
    d = first_difat
    for _ in range(min(n_difat, len(data) // size + 1)):
        if d >= _END:
            break
        block = struct.unpack(f"<{size // 4}I", sector(d))
        difat += block[:-1]
        d = block[-1]
    fat: list[int] = []
    for s in difat[:n_fat]:
        if s < _END:
            fat += struct.unpack(f"<{size // 4}I", sector(s))

    limit = len(data) // size + 1

    def chain(start: int, table: list[int]) -> list[int]:
        out = []
        while start < _END and start < len(table) and len(out) <= limit:  # a cycle ends at the file's size
            out.append(start)
            start = table[start]
        return out

    directory = b"".join(sector(s) for s in chain(first_dir, fat))
    entries = []
    for off in range(0, len(directory) - 127, 128):
        n = struct.unpack_from("<H", directory, off + 64)[0]
        entry_name = directory[off:off + max(n - 2, 0)].decode("utf-16-le", errors="replace")
        kind = directory[off + 66]
        start, length = struct.unpack_from("<II", directory, off + 116)
        entries.append((entry_name, kind, start, length))
    if not entries:
        return None
    root = entries[0]
    for entry_name, kind, start, length in entries:
        if kind != 2 or entry_name.lower() not in (name.lower(),):
            continue
        if length >= cutoff:
            return b"".join(sector(s) for s in chain(start, fat))[:length]
        mini = b"".join(sector(s) for s in chain(root[2], fat))
        minifat: list[int] = []
        for s in chain(first_minifat, fat)[:n_minifat]:
            minifat += struct.unpack(f"<{size // 4}I", sector(s))
        return b"".join(mini[s * mini_size:(s + 1) * mini_size] for s in chain(start, minifat))[:length]
    return None


def xls_hidden_columns(path: Path) -> dict[str, set[int]]:
    """Hidden columns (0-based) per sheet title of the .xls at ``path``; {} for a file this cannot read."""
    try:
        data = path.read_bytes()
        book = _stream(data, "Workbook") or _stream(data, "Book")
    except (OSError, struct.error, IndexError, ValueError):
        return {}
    if not book:
        return {}
    try:
        return _hidden(book)
    except (struct.error, IndexError, ValueError):
        return {}


def _hidden(book: bytes) -> dict[str, set[int]]:
    sheets: list[tuple[str, int]] = []
    pos = 0
    while pos + 4 <= len(book):  # the globals: one BOUNDSHEET per sheet, up to the first EOF
        rtype, length = struct.unpack_from("<HH", book, pos)
        body = book[pos + 4:pos + 4 + length]
        if rtype == 0x0085 and length >= 8:
            offset, cch, high = struct.unpack_from("<I", body, 0)[0], body[6], body[7] & 1
            raw = body[8:8 + cch * (2 if high else 1)]
            sheets.append((raw.decode("utf-16-le" if high else "latin-1"), offset))
        elif rtype == 0x000A:
            break
        pos += 4 + length
    out: dict[str, set[int]] = {}
    for name, offset in sheets:
        cols: set[int] = set()
        pos = offset
        while pos + 4 <= len(book):
            rtype, length = struct.unpack_from("<HH", book, pos)
            if rtype == 0x007D and length >= 10:  # COLINFO: first, last, width, format, options (bit 0: hidden)
                first, last, _, _, options = struct.unpack_from("<HHHHH", book, pos + 4)
                if options & 1:
                    cols.update(range(first, min(last, 16383) + 1))
            elif rtype == 0x000A:
                break
            pos += 4 + length
        if cols:
            out[name] = cols
    return out
