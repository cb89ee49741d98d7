"""The readers never crash: random bytes under every workbook name, random cells in every column, huge and odd
sheet dimensions. Invariant: a network, or a PairnetError with a message (exit 2 and the store unchanged through
the CLI), never another exception or a traceback. Bounded to run in seconds."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook as XWorkbook
from openpyxl.utils.exceptions import IllegalCharacterError
from pairnet.graph.core.errors import PairnetError
from pairnet.graph.embedded import EmbeddedStore
from pairnet.graph.network import PairingNetwork
from pairnet.loaders.load import read_workbook

sys.path.insert(0, str(Path(__file__).parent))
from loader_workbooks import base_workbook, write_csv, write_xlsx  # noqa: E402

FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                       HealthCheck.too_slow])
PREFIXES = [b"", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\xef\xbb\xbf",
            b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">',
            b"<html><table><tr><td>", "村编码,村名称\n".encode("gbk")]
NAMES = ["wb.xlsx", "wb.xls", "wb.csv", "towns.csv", "台账.xls", "wb.txt", "wb.xlsm"]


def _outcome(path: Path) -> PairingNetwork | str:
    """What a read gives: the network, or the refusal's message. Any other exception fails the test."""
    try:
        return read_workbook(path)
    except PairnetError as e:
        assert str(e).strip(), "a refusal without a message"
        return str(e)


@FUZZ
@given(prefix=st.sampled_from(PREFIXES), body=st.binary(max_size=3000), name=st.sampled_from(NAMES))
def test_random_bytes(tmp_path_factory: pytest.TempPathFactory, prefix: bytes, body: bytes, name: str) -> None:
    path = tmp_path_factory.mktemp("bytes") / name
    path.write_bytes(prefix + body)
    _outcome(path)


CELL = st.one_of(
    st.text(max_size=30),
    st.text(alphabet="0123456789０１２３４５６７８９٠١٢٣X .-E+年月日人/\u3000", max_size=24),
    st.integers(-10 ** 30, 10 ** 30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["inf", "1e400", "nan", "6.12499E+17", "99999999999999999999", "=1+1", "'=SUM(A1)", "#REF!"]),
)
COLUMNS = [(s, c) for s in ("towns", "villages", "households", "cadres", "pairings", "units", "stationed")
           for c in base_workbook()[s][0]]


@FUZZ
@given(cells=st.lists(st.tuples(st.sampled_from(COLUMNS), st.integers(0, 5), CELL), min_size=1, max_size=6),
       form=st.sampled_from(["csv", "csv-gbk", "xlsx"]))
def test_random_cells(tmp_path_factory: pytest.TempPathFactory, cells, form: str) -> None:
    wb = base_workbook()
    for (sheet, column), i, value in cells:
        rows = wb[sheet]
        rows[i % len(rows)][column] = value
    d = tmp_path_factory.mktemp("cells")
    if form == "xlsx":
        try:
            path = write_xlsx(wb, d / "wb.xlsx", lang="zh")
        except IllegalCharacterError:
            return  # a control character no .xlsx can hold
    else:
        try:
            path = write_csv(wb, d / "wb", encoding="gbk" if form == "csv-gbk" else "utf-8")
        except UnicodeEncodeError:
            return  # a character GBK cannot hold: no such file can exist
    _outcome(path)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(row=st.one_of(st.integers(1, 40), st.integers(1, 1_048_576)),
       col=st.one_of(st.integers(1, 40), st.integers(1, 16_384)))
def test_odd_dimensions(tmp_path_factory: pytest.TempPathFactory, row: int, col: int) -> None:
    """A stray cell anywhere in the sheet: read, or refused at once; never a huge allocation or a long wait."""
    book = XWorkbook()
    ws = book.active
    ws.title = "towns"
    ws.append(["town_id", "name"])
    ws.append(["T01", "城关镇"])
    ws.cell(row=max(row, 3), column=col, value="x")
    path = tmp_path_factory.mktemp("dims") / "wb.xlsx"
    book.save(path)
    t = time.perf_counter()
    _outcome(path)
    assert time.perf_counter() - t < 20


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(st.tuples(st.sampled_from(COLUMNS), st.integers(0, 5), CELL), min_size=1, max_size=3),
       junk=st.booleans())
def test_cli_load_exit_0_or_2_and_store_unchanged(cli, tmp_path_factory: pytest.TempPathFactory, cells, junk) -> None:
    d = tmp_path_factory.mktemp("cli")
    db = d / "s.db"
    before = read_workbook(write_csv(base_workbook(), d / "good"))
    with EmbeddedStore(db) as store:
        store.write(before)
    wb = base_workbook()
    for (sheet, column), i, value in cells:
        wb[sheet][i % len(wb[sheet])][column] = value
    path = write_csv(wb, d / "wb")
    if junk:
        (path / "households.csv").write_bytes(b"\xff\xfe\x00garbage" + bytes(range(256)))
    r = cli("load", str(path), "--db", str(db))
    assert "Traceback" not in r.output, r.output
    assert r.exception is None or isinstance(r.exception, SystemExit), r.output
    assert r.exit_code in (0, 2), r.output
    with EmbeddedStore(db) as store:
        after = store.read()
    if r.exit_code == 0:
        assert after.differences(read_workbook(path)) == []
    else:
        assert r.output.strip() and after.equals(before)
