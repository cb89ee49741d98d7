"""Property tests: random faults injected into a valid workbook are each reported at the right sheet, row and
column, nothing else is reported, and the store keeps its content."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pairnet.loaders.faults import WorkbookError
from pairnet.loaders.load import load_workbook, read_workbook

sys.path.insert(0, str(Path(__file__).parent))
from loader_workbooks import Workbook, base_workbook, generated_workbook, write_csv, write_xlsx  # noqa: E402

SOURCES = {"hand-made": base_workbook, "generated": generated_workbook}

# kind -> (sheet, column, bad values to choose from); every injection makes exactly one fault.
CELL_FAULTS: dict[str, tuple[str, str, list[str]]] = {
    "enum": ("cadres", "rank", ["general", "boss", "县长大人", "sectio"]),
    "members": ("households", "members", ["0", "-3", "three", "2.5"]),
    "reference": ("households", "village_id", ["NOPE-V999", "v001x", "Z"]),
    "date": ("pairings", "since", ["2021-02-30", "2019-13-01", "yesterday", "1800-01-01"]),
    "bool": ("villages", "poor", ["maybe", "2", "是的"]),
    "phone": ("cadres", "phone", ["1390000", "139000000011", "phone"]),
    "id": ("households", "id_number", ["610924198001011230", "61092419800101123", "ABCDEFGHIJKLMNOPQR"]),
    "helper": ("pairings", "helper_id", ["X1", "nobody"]),
    "status": ("households", "status", ["rich", "已返贫"]),
    "blank key": ("towns", "name", [""]),
}


@st.composite
def faults(draw: st.DrawFn, wb: Workbook) -> tuple[list[tuple[str, str, str, int]], bool]:
    """A list of (kind, value, row index) injections on distinct rows of ``wb``, and whether to add a duplicate."""
    chosen = draw(st.lists(st.sampled_from(sorted(CELL_FAULTS)), min_size=0, max_size=6))
    out, used = [], set()
    for kind in chosen:
        sheet, column, values = CELL_FAULTS[kind]
        i = draw(st.integers(0, len(wb[sheet]) - 1))
        if (sheet, i) in used:  # one fault per row keeps the expectation exact (e.g. rank and phone of one cadre)
            continue
        used.add((sheet, i))
        out.append((kind, draw(st.sampled_from(values)), sheet, i))
    return out, draw(st.booleans())


def _inject(wb: Workbook, injections, duplicate: bool) -> set[tuple[str, int, str]]:
    expected = set()
    for kind, value, sheet, i in injections:
        column = CELL_FAULTS[kind][1]
        wb[sheet][i][column] = value
        expected.add((sheet, i + 2, column))  # header is spreadsheet row 1
    if duplicate or not expected:
        wb["units"].append(dict(wb["units"][0], name="重复的单位"))
        expected.add(("units", len(wb["units"]) + 1, "unit_id"))
    return expected


@pytest.mark.parametrize("source", list(SOURCES))
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), xlsx=st.booleans())
def test_random_faults_each_reported_store_unchanged(embedded_store, source: str, data, xlsx: bool) -> None:
    injections, duplicate = data.draw(faults(SOURCES[source]()))
    with tempfile.TemporaryDirectory() as tmp:
        if not embedded_store.counts()["nodes"]["Town"]:
            load_workbook(embedded_store, write_csv(SOURCES[source](), Path(tmp) / "good"))
        before = embedded_store.read()
        wb = SOURCES[source]()
        expected = _inject(wb, injections, duplicate)
        path = write_xlsx(wb, Path(tmp) / "bad.xlsx") if xlsx else write_csv(wb, Path(tmp) / "bad")
        with pytest.raises(WorkbookError) as info:
            load_workbook(embedded_store, path)
        got = {(f.sheet, f.row, f.column) for f in info.value.faults}
        assert got == expected, [str(f) for f in info.value.faults]
        assert embedded_store.read().equals(before)


@settings(max_examples=12, deadline=None)
@given(rows=st.lists(st.sampled_from(["", "  ", "\u3000"]), min_size=1, max_size=3),
       title=st.sampled_from([None, "紫阳县花名册", "2021年度"]), pad=st.sampled_from(["", " ", "\u3000 "]))
def test_blank_rows_titles_and_padding_never_change_the_network(rows: list[str], title: str | None, pad: str) -> None:
    """Title rows, blank rows and blanks around cells are noise: the network is the same, row numbers shift."""
    with tempfile.TemporaryDirectory() as tmp:
        clean = read_workbook(write_csv(base_workbook(), Path(tmp) / "clean"))
        folder = write_csv(base_workbook(), Path(tmp) / "noisy")
        path = folder / "households.csv"
        lines = path.read_text(encoding="utf-8").splitlines()
        body = [",".join(pad + c + pad for c in line.split(",")) for line in lines[1:]]
        noisy = ([title] if title else []) + [lines[0]] + [body[0]] + [r + "," * 7 for r in rows] + body[1:]
        path.write_text("\n".join(noisy) + "\n", encoding="utf-8")
        assert read_workbook(folder).differences(clean) == []

