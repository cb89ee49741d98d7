"""Safety across every command: no full ID or phone number in any output without --show-pii, formulas
neutralised in every CSV/XLSX written and read back, and no traceback for bad flags or data (HTML: visualizations)."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from click.testing import Result
from pairnet.graph.embedded import EmbeddedStore
from pairnet.graph.network import PairingNetwork
from pairnet.loaders.generate import generate, write_generated
from pairnet.loaders.load import read_workbook
from cli_runner import invoke

SEED, SCALE = 1, 0.02
# A run of digits (an ID number may end in X) long enough to hold a phone or an ID number.
_DIGIT_RUN = re.compile(r"[0-9Xx]{11,}")


@dataclass
class County:
    """A generated county loaded into an embedded store, and the PII it holds."""

    dir: Path
    workbook: Path
    db: Path
    network: PairingNetwork
    as_of: str
    pii: frozenset[str]

    def run(self, *args: str, db: bool = True) -> Result:
        """``pairnet ARGS`` in-process against this county's store, Neo4j environment cleared."""
        extra = ["--db", str(self.db)] if db else []
        return invoke(*args, *extra)


def pii_of(network: PairingNetwork) -> frozenset[str]:
    """Every full ID and phone number the network holds."""
    values = [*network.nodes["Household"]["id_number"], *network.nodes["Cadre"]["phone"],
              *network.nodes["Leader"]["phone"]]
    return frozenset(str(v) for v in values if isinstance(v, str) and v)


def leaks(text: str, pii: frozenset[str]) -> set[str]:
    """The full PII values that appear in ``text``."""
    found = set()
    for run in _DIGIT_RUN.findall(text):
        if run in pii:
            found.add(run)
        elif len(run) > 11:
            found |= {p for p in pii if p in run}
    return found


def file_text(path: Path) -> str:
    """A written file as text: XLSX as its cell values, everything else decoded."""
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True)
        cells = [str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row
                 if c is not None]
        wb.close()
        return "\n".join(cells)
    return path.read_bytes().decode("utf-8", errors="replace")


def tree_text(root: Path) -> dict[Path, str]:
    """Every file under ``root`` (or ``root`` itself) as text."""
    files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
    return {p: file_text(p) for p in files}


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> County:
    d = tmp_path_factory.mktemp("county")
    gen = generate("ziyang", scale=SCALE, seed=SEED)
    workbook = write_generated(gen, d / "gen", fmt="csv")
    c = County(d, workbook, d / "pairnet.db", gen.network, gen.truth["as_of"], pii_of(gen.network))
    res = c.run("load", str(workbook))
    assert res.exit_code == 0, res.output
    assert not leaks(res.stdout + res.stderr, c.pii)
    return c


def _household(c: County) -> str:
    return str(c.network.nodes["Household"]["household_id"].iloc[0])


def _town(c: County) -> str:
    return str(c.network.nodes["Town"]["town_id"].iloc[0])


# Every command that prints a Result: (name, args) with {as_of}, {household} filled in.
TABULAR = [
    ("info", ["info"]),
    ("gaps", ["gaps", "--as-of", "{as_of}"]),
    ("gaps-networkx", ["gaps", "--as-of", "{as_of}", "--engine", "networkx"]),
    ("balance", ["balance", "--as-of", "{as_of}"]),
    ("chain", ["chain", "{household}", "--as-of", "{as_of}"]),
    ("propose", ["propose", "--as-of", "{as_of}"]),
    ("committees-plan", ["committees", "plan", "--min", "1"]),
    ("committees-check", ["committees", "check", "--min", "1"]),
    ("cypher-aliased", ["cypher", "MATCH (h:Household) RETURN h.household_id AS id, h.id_number AS id_number"]),
    ("cypher-unaliased", ["cypher", "MATCH (c:Cadre) RETURN c.cadre_id, c.phone, c.name"]),
    ("cypher-node", ["cypher", "MATCH (h:Household) RETURN h LIMIT 20"]),
    ("cypher-leader-node", ["cypher", "MATCH (l:Leader) RETURN l"]),
    ("cypher-list", ["cypher", "MATCH (c:Cadre) RETURN collect(c.phone) AS phone"]),
    ("load-again", ["load", "{workbook}"]),
]
FORMATS = [("table", "en"), ("table", "zh"), ("csv", "en"), ("csv", "zh"), ("json", "en"), ("xlsx", "en"),
           ("xlsx", "zh")]


def _fill(c: County, args: list[str]) -> list[str]:
    return [a.format(as_of=c.as_of, household=_household(c), workbook=c.workbook, town=_town(c)) for a in args]


def _outputs(c: County, args: list[str], tmp: Path, fmt: str, lang: str, show_pii: bool = False) -> str:
    """Run a tabular command in one format and return everything it printed and wrote."""
    out = tmp / f"out.{ 'xlsx' if fmt == 'xlsx' else 'txt'}"
    if out.exists():
        out.unlink()
    flags = ["--format", fmt, "--lang", lang] + (["--out", str(out)] if fmt == "xlsx" else [])
    res = c.run(*args, *flags, *(["--show-pii"] if show_pii else []))
    assert res.exit_code == 0, (args, fmt, res.output, res.exception)
    written = file_text(out) if out.exists() else ""
    return f"{res.stdout}\n{res.stderr}\n{written}"


@pytest.mark.parametrize("name,args", TABULAR, ids=[t[0] for t in TABULAR])
def test_no_full_id_or_phone_number_in_any_format(county: County, tmp_path: Path, name: str,
                                                  args: list[str]) -> None:
    for fmt, lang in FORMATS:
        text = _outputs(county, _fill(county, args), tmp_path, fmt, lang)
        assert not leaks(text, county.pii), (name, fmt, lang, sorted(leaks(text, county.pii))[:3])


@pytest.mark.parametrize("name,args", [t for t in TABULAR if t[0].startswith("cypher")],
                         ids=[t[0] for t in TABULAR if t[0].startswith("cypher")])
def test_show_pii_opens_the_stores_reads_but_never_an_ad_hoc_query(county: County, tmp_path: Path, name: str,
                                                                   args: list[str]) -> None:
    """The leak check can fail: ``export --show-pii`` writes the full numbers. An ad-hoc query cannot show them
    even with ``--show-pii``: the graph holds only their masked forms and seals (``graph/vault.py``)."""
    res = county.run("export", "--show-pii", "--out", str(tmp_path / "wb"))
    assert res.exit_code == 0, res.output
    assert leaks("\n".join(tree_text(tmp_path / "wb").values()), county.pii)
    for fmt in ("table", "json", "csv", "xlsx"):
        text = _outputs(county, _fill(county, args), tmp_path, fmt, "en", show_pii=True)
        assert not leaks(text, county.pii), (name, fmt)
        assert "****" in text, (name, fmt)  # the masked forms are there: the check looks at the right place


def test_files_written_by_maps_export_and_report_hold_no_pii(county: County, tmp_path: Path) -> None:
    runs = {
        "pairing": ["map", "pairing", "--town", _town(county), "--out", str(tmp_path / "p.html"),
                    "--as-of", county.as_of],
        "pairing-county": ["map", "pairing", "--out", str(tmp_path / "pc.html"), "--as-of", county.as_of],
        "overview": ["map", "overview", "--out", str(tmp_path / "o.html"), "--as-of", county.as_of],
        "committees": ["map", "committees", "--out", str(tmp_path / "c.html")],
        "report": ["report", "--out", str(tmp_path / "report"), "--as-of", county.as_of],
        "export-csv": ["export", "--out", str(tmp_path / "wb")],
        "export-xlsx": ["export", "--format", "xlsx", "--lang", "zh", "--out", str(tmp_path / "wb.xlsx")],
        "export-admin": ["export", "--as", "neo4j-admin", "--out", str(tmp_path / "admin")],
    }
    for name, args in runs.items():
        res = county.run(*args)
        assert res.exit_code == 0, (name, res.output, res.exception)
        assert not leaks(res.stdout + res.stderr, county.pii), name
    for path, text in tree_text(tmp_path).items():
        assert not leaks(text, county.pii), (path, sorted(leaks(text, county.pii))[:3])
    # The maps do carry the masked numbers (so the check looks at the right place).
    html = (tmp_path / "p.html").read_text("utf-8")
    ids = county.network.nodes["Household"]["id_number"].dropna()
    assert any(i[:6] + "*" * 8 + i[-4:] in html for i in ids)
    shown = county.run("export", "--show-pii", "--out", str(tmp_path / "full"))
    assert shown.exit_code == 0
    assert any(leaks(t, county.pii) for t in tree_text(tmp_path / "full").values())


def test_a_plan_file_map_holds_no_pii(county: County, tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    res = county.run("committees", "plan", "--min", "1", "--format", "json", "--out", str(plan))
    assert res.exit_code == 0, res.output
    res = county.run("map", "committees", "--plan", str(plan), "--out", str(tmp_path / "m.html"))
    assert res.exit_code == 0, res.output
    assert not leaks((tmp_path / "m.html").read_text("utf-8"), county.pii)


def test_load_fault_messages_mask_the_bad_value(county: County, tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    shutil.copytree(county.workbook, bad)
    hh = pd.read_csv(bad / "households.csv", dtype=str)
    good = hh.loc[0, "id_number"]
    wrong = good[:-1] + ("0" if good[-1] != "0" else "1")  # a wrong check character
    hh.loc[0, "id_number"] = wrong
    cad = pd.read_csv(bad / "cadres.csv", dtype=str)
    cad.loc[0, "phone"] = cad.loc[0, "phone"] + "9"  # twelve digits: not a phone number
    hh.to_csv(bad / "households.csv", index=False)
    cad.to_csv(bad / "cadres.csv", index=False)
    pii = county.pii | {wrong, cad.loc[0, "phone"]}
    for fmt in ("table", "json"):
        res = county.run("load", str(bad), "--format", fmt)
        assert res.exit_code == 2, res.output
        assert "Traceback" not in res.output
        assert "households" in res.stderr and "id_number" in res.stderr, res.stderr
        assert not leaks(res.stdout + res.stderr, pii), sorted(leaks(res.stdout + res.stderr, pii))


def test_demo_output_holds_no_pii(cli, tmp_path: Path) -> None:
    d = tmp_path / "demo"
    res = cli("demo", "--dir", str(d), "--scale", str(SCALE), "--seed", str(SEED))
    assert res.exit_code == 0, (res.output, res.exception)
    pii = pii_of(read_workbook(d / "workbook"))
    assert pii and not leaks(res.stdout + res.stderr, pii)
    for path, text in tree_text(d / "report").items():
        assert not leaks(text, pii), path
    js = cli("demo", "--dir", str(d), "--scale", str(SCALE), "--seed", str(SEED),
                                   "--format", "json")
    assert js.exit_code == 0 and not leaks(js.stdout + js.stderr, pii)


# --- formulas in CSV and XLSX ---------------------------------------------------------------------------
FORMULAS = {"Town": ("name", "@SUM(1+1)*cmd|' /C calc'!A0"), "Village": ("name", "=HYPERLINK(\"http://x\")村"),
            "Household": ("head_name", "+1+cmd|' /C calc'!A0"), "Unit": ("name", "-2+3 局"),
            "Cadre": ("name", "\t=1+1"), "Leader": ("name", "\r=2+2"), "JointCommittee": ("name", "=1+1联村")}
RISKY = ("=", "+", "-", "@", "\t", "\r")


def _formula_network(net: PairingNetwork) -> PairingNetwork:
    for label, (col, value) in FORMULAS.items():
        net.nodes[label][col] = [f"{value}{i}" if i else value for i in range(len(net.nodes[label]))]
    net.nodes["Village"]["industry"] = ["=茶叶", "-", "@养殖"]
    return PairingNetwork(net.nodes, net.rels)


def _cells_of(path: Path) -> list[str]:
    """Every cell of a CSV file or XLSX workbook as text; an XLSX formula cell comes back as ``FORMULA:...``."""
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(path)
        out = [f"FORMULA:{c.value}" if c.data_type == "f" else str(c.value)
               for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
        return out
    import csv

    with open(path, encoding="utf-8-sig", newline="") as f:
        return [cell for row in csv.reader(f) for cell in row]


def _is_number(s: str) -> bool:
    try:
        float(s)
    except ValueError:
        return False
    return True


@pytest.fixture
def formula_db(tmp_path: Path, tiny_network: PairingNetwork) -> Path:
    db = tmp_path / "f.db"
    with EmbeddedStore(db) as store:
        store.write(_formula_network(tiny_network))
    return db


def test_every_csv_and_xlsx_written_neutralises_formulas(cli, formula_db: Path, tmp_path: Path) -> None:
    def run(*args: str) -> Result:
        res = cli(*args, "--db", str(formula_db))
        assert res.exit_code in (0, 1), (args, res.output, res.exception)
        return res

    commands = [["gaps", "--as-of", "2026-06-30"], ["balance", "--as-of", "2026-06-30"],
                ["propose", "--as-of", "2026-06-30"], ["chain", "H0001", "--as-of", "2026-06-30"],
                ["committees", "plan", "--min", "1"], ["committees", "check", "--min", "1"],
                ["cypher", "MATCH (n:Household) RETURN n.head_name AS name, n.poverty_cause AS c"],
                ["cypher", "MATCH (v:Village) RETURN v.name, v.industry"], ["info"]]
    files = []
    for i, args in enumerate(commands):
        for fmt in ("csv", "xlsx"):
            for lang in ("en", "zh"):
                out = tmp_path / f"o{i}{lang}" / f"out.{fmt}"
                out.parent.mkdir(exist_ok=True)
                run(*args, "--format", fmt, "--lang", lang, "--out", str(out))
                files.append(out)
        stdout = run(*args, "--format", "csv").stdout
        (tmp_path / f"stdout{i}.csv").write_text(stdout, encoding="utf-8")
        files.append(tmp_path / f"stdout{i}.csv")
    run("export", "--out", str(tmp_path / "wb"))
    run("export", "--format", "xlsx", "--out", str(tmp_path / "wb.xlsx"))
    run("export", "--format", "xlsx", "--lang", "zh", "--out", str(tmp_path / "wbzh.xlsx"))
    files += [*sorted((tmp_path / "wb").glob("*.csv")), tmp_path / "wb.xlsx", tmp_path / "wbzh.xlsx"]
    seen = set()
    for f in files:
        assert f.exists(), f
        for cell in _cells_of(f):
            assert not cell.startswith("FORMULA:"), (f, cell)
            assert not cell.startswith(RISKY) or _is_number(cell), (f, cell)
            seen.add(cell)
    # The payloads did reach the outputs, neutralised.
    for label, (_, value) in FORMULAS.items():
        assert "'" + value in seen, (label, value)


@pytest.mark.parametrize("fmt,lang", [("csv", "en"), ("csv", "zh"), ("xlsx", "en"), ("xlsx", "zh")])
def test_exported_workbooks_load_back_equal(cli, tiny_network: PairingNetwork, tmp_path: Path, fmt: str,
                                            lang: str) -> None:
    """The writer's ``'`` is stripped again by the reader: export -> load gives the same network.

    XLSX cannot hold a bare CR (XML reads it back as LF), so the XLSX case starts the CR payload with a tab.
    """
    net = _formula_network(tiny_network)
    if fmt == "xlsx":
        net.nodes["Leader"]["name"] = ["\t+2+2"]
    db = tmp_path / "f.db"
    with EmbeddedStore(db) as store:
        store.write(net)
        before = store.read()
    out = tmp_path / ("wb.xlsx" if fmt == "xlsx" else "wb")
    res = cli("export", "--show-pii", "--format", fmt, "--lang", lang, "--out", str(out),
                                    "--db", str(db))
    assert res.exit_code == 0, res.output
    assert any(c.startswith("'") for f in ([out] if fmt == "xlsx" else out.glob("*.csv")) for c in _cells_of(f))
    back = read_workbook(out)
    assert back.equals(before), back.differences(before)


# --- bad flags and bad data: exit 2, a message, no traceback, nothing written -----------------------------
BAD_FILES = {
    "text.txt": "hello\n",
    "fake.xlsx": "hello\n",
    "bad.toml": "quota = \"x\"\n[[[\n",
    "badquota.toml": "[quota]\ncounty = \"five\"\n",
    "notjson.json": "not json",
    "shape.json": '{"committees": 5}',
    "listids.json": '{"committees": [{"committee_id": "J", "villages": [["V001"]], "lead_village_id": ["V001"]}]}',
    "unknown.json": '{"committees": [{"committee_id": "J", "villages": ["nope"], "lead_village_id": null}]}',
    "notgeo.geojson": "[1, 2]",
    "nojson.geojson": "nope",
    "noid.geojson": '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}}]}',
    "coords.geojson": '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": '
                      '{"village_id": "V001"}, "geometry": {"type": "Polygon", "coordinates": [["a", "b"]]}}]}',
    "ints.geojson": '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": '
                    '{"village_id": "V001"}, "geometry": {"type": "Polygon", "coordinates": 5}}]}',
    "feature.geojson": '{"type": "FeatureCollection", "features": [5]}',
    # nested thousands deep (a RecursionError traceback), and numbers past any sense (a failed cast in the store)
    "deep.json": "[" * 100_000 + "]" * 100_000,
    "deep.toml": "min_team = " + "[" * 5_000 + "]" * 5_000 + "\n",
    "deep.geojson": '{"type": "FeatureCollection", "features": ' + "[" * 100_000 + "]" * 100_000 + "}",
    "huge.toml": "continuity_years = 99999999999999999999\n",
}
BAD_RUNS = [
    ("db-folder-missing", ["info", "--db", "{d}/missing/x.db"], "missing"),
    ("db-is-text", ["gaps", "--db", "{d}/text.txt"], "text.txt"),
    ("db-under-a-file", ["balance", "--db", "{d}/text.txt/x.db"], "text.txt"),
    ("as-of-month-13", ["gaps", "--as-of", "2026-13-45"], "2026-13-45"),
    ("as-of-word", ["balance", "--as-of", "yesterday"], "yesterday"),
    ("policy-not-toml", ["balance", "--policy", "{d}/bad.toml"], "bad.toml"),
    ("policy-bad-quota", ["gaps", "--policy", "{d}/badquota.toml"], "county"),
    ("policy-missing", ["propose", "--policy", "{d}/nope.toml"], "nope.toml"),
    ("chain-unknown", ["chain", "NOPE"], "NOPE"),
    ("neo4j-unreachable", ["info", "--neo4j", "bolt://127.0.0.1:1"], "127.0.0.1:1"),
    ("neo4j-unreachable-load", ["load", "{d}/wb", "--neo4j", "bolt://127.0.0.1:1"], "127.0.0.1:1"),
    ("neo4j-not-a-uri", ["gaps", "--neo4j", "http://127.0.0.1:1"], "http://127.0.0.1:1"),
    ("plan-not-json", ["map", "committees", "--plan", "{d}/notjson.json", "--out", "{d}/m.html"], "notjson.json"),
    ("plan-wrong-shape", ["map", "committees", "--plan", "{d}/shape.json", "--out", "{d}/m.html"], "shape.json"),
    ("plan-list-ids", ["map", "committees", "--plan", "{d}/listids.json", "--out", "{d}/m.html"], "listids.json"),
    ("plan-unknown-village", ["map", "committees", "--plan", "{d}/unknown.json", "--out", "{d}/m.html"], "nope"),
    ("plan-missing", ["map", "committees", "--plan", "{d}/nope.json", "--out", "{d}/m.html"], "nope.json"),
    ("polygons-not-collection", ["committees", "plan", "--polygons", "{d}/notgeo.geojson"], "notgeo.geojson"),
    ("polygons-not-json", ["committees", "check", "--polygons", "{d}/nojson.geojson"], "nojson.geojson"),
    ("polygons-no-id", ["committees", "plan", "--polygons", "{d}/noid.geojson"], "village_id"),
    ("polygons-text-coords", ["committees", "plan", "--polygons", "{d}/coords.geojson"], "coords.geojson"),
    ("polygons-int-coords", ["committees", "plan", "--polygons", "{d}/ints.geojson"], "coordinates"),
    ("polygons-bad-feature", ["committees", "plan", "--polygons", "{d}/feature.geojson"], "feature 0"),
    ("load-text-file", ["load", "{d}/text.txt"], "text.txt"),
    ("load-fake-xlsx", ["load", "{d}/fake.xlsx"], "fake.xlsx"),
    ("load-bad-data", ["load", "{d}/badwb"], "households"),
    ("cypher-syntax", ["cypher", "MATCH (n:Town RETURN n"], "query failed"),
    ("cypher-write", ["cypher", "CREATE (t:Town {town_id: 'X'})"], "read-only"),
    ("cypher-bad-param", ["cypher", "RETURN $x AS x", "--param", 'x=[1, "a"]'], "query failed"),
    ("cypher-map-param", ["cypher", "RETURN $x AS x", "--param", 'x={"a": [1, {"b": null}]}'], "query failed"),
    ("cypher-param-shape", ["cypher", "RETURN 1 AS x", "--param", "novalue"], "NAME=VALUE"),
    ("csv-out-under-a-file", ["gaps", "--format", "csv", "--out", "{d}/text.txt/g.csv"], "text.txt"),
    ("json-out-under-a-file", ["info", "--format", "json", "--out", "{d}/text.txt/i.json"], "text.txt"),
    ("xlsx-out-under-a-file", ["balance", "--format", "xlsx", "--out", "{d}/text.txt/b.xlsx"], "text.txt"),
    ("xlsx-no-out", ["balance", "--format", "xlsx"], "--out"),
    ("plan-out-under-a-file", ["committees", "plan", "--format", "csv", "--out", "{d}/text.txt/p/c.csv"], "text.txt"),
    ("map-out-under-a-file", ["map", "pairing", "--out", "{d}/text.txt/p.html"], "text.txt"),
    ("map-unknown-town", ["map", "pairing", "--town", "NOPE", "--out", "{d}/p.html"], "NOPE"),
    ("map-two-scopes", ["map", "pairing", "--town", "T01", "--village", "V001", "--out", "{d}/p.html"], "--town"),
    ("report-under-a-file", ["report", "--out", "{d}/text.txt/r"], "text.txt"),
    ("export-under-a-file", ["export", "--out", "{d}/text.txt/wb"], "text.txt"),
    ("export-xlsx-under-a-file", ["export", "--format", "xlsx", "--out", "{d}/text.txt/wb.xlsx"], "text.txt"),
    ("export-admin-under-a-file", ["export", "--as", "neo4j-admin", "--out", "{d}/text.txt/a"], "text.txt"),
    ("committee-sizes", ["committees", "plan", "--min", "5", "--max", "2"], "min"),
    ("generate-under-a-file", ["generate", "--profile", "ziyang", "--scale", "0.01", "--out", "{d}/text.txt/g"],
     "text.txt"),
    ("generate-bad-as-of", ["generate", "--profile", "ziyang", "--as-of", "someday", "--out", "{d}/g"], "someday"),
    ("generate-bad-scale", ["generate", "--profile", "ziyang", "--scale", "-1", "--out", "{d}/g"], "scale"),
    ("demo-under-a-file", ["demo", "--dir", "{d}/text.txt/demo", "--scale", "0.01"], "text.txt"),
    ("plan-nested-deep", ["map", "committees", "--plan", "{d}/deep.json", "--out", "{d}/m.html"], "deep.json"),
    ("policy-nested-deep", ["gaps", "--policy", "{d}/deep.toml"], "deep.toml"),
    ("policy-huge-number", ["gaps", "--policy", "{d}/huge.toml"], "continuity_years may be at most 100"),
    ("polygons-nested-deep", ["committees", "plan", "--polygons", "{d}/deep.geojson"], "deep.geojson"),
    ("month-year-0", ["attendance", "--month", "0000-01"], "0000-01"),
    ("since-not-a-day", ["changes", "--since", "1e400"], "1e400"),
    ("generate-huge-scale", ["generate", "--profile", "ziyang", "--scale", "1e9", "--out", "{d}/g"], "--scale"),
    ("generate-inf-scale", ["generate", "--profile", "ziyang", "--scale", "inf", "--out", "{d}/g"], "--scale"),
    ("generate-negative-seed", ["generate", "--profile", "ziyang", "--scale", "0.01", "--seed", "-1", "--out",
                                "{d}/g"], "--seed"),
    ("cypher-nested-deep", ["cypher", "RETURN " + "(" * 3000 + "1" + ")" * 3000 + " AS x"], "3,000 deep"),
    ("cypher-too-long", ["cypher", "RETURN " + "1+" * 15000 + "1 AS x"], "30,013 characters"),
]
_NO_STORE = ("generate", "demo")


@pytest.fixture(scope="module")
def bad_inputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, PairingNetwork]:
    """A folder of bad files, a good workbook (wb), a workbook with one bad ID number (badwb), and a store."""
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from conftest import build_tiny_network
    from pairnet.loaders.write import write_workbook

    d = tmp_path_factory.mktemp("bad")
    for name, text in BAD_FILES.items():
        (d / name).write_text(text, encoding="utf-8")
    net = build_tiny_network()
    write_workbook(net, d / "wb")
    shutil.copytree(d / "wb", d / "badwb")
    hh = pd.read_csv(d / "badwb" / "households.csv", dtype=str)
    hh.loc[0, "id_number"] = hh.loc[0, "id_number"][:-1] + "0"
    hh.to_csv(d / "badwb" / "households.csv", index=False)
    db = d / "pairnet.db"
    with EmbeddedStore(db) as store:
        store.write(net)
    return d, db, net


@pytest.mark.parametrize("name,args,names", BAD_RUNS, ids=[r[0] for r in BAD_RUNS])
def test_bad_flags_and_data_exit_2_without_traceback(cli, bad_inputs: tuple[Path, Path, PairingNetwork], name: str,
                                                     args: list[str], names: str) -> None:
    d, db, net = bad_inputs
    before = sorted(p.relative_to(d) for p in d.rglob("*") if not p.name.startswith("pairnet.db"))
    argv = [a.replace("{d}", str(d)) for a in args]
    if args[0] not in _NO_STORE and "--db" not in args and "--neo4j" not in args:
        argv += ["--db", str(db)]
    res = cli(*argv)
    assert res.exit_code == 2, (res.exit_code, res.output, repr(res.exception))
    assert "Traceback" not in res.output
    errors = [line for line in res.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and names in res.stderr, res.stderr
    assert len(errors[0]) < 400, errors[0]
    after = sorted(p.relative_to(d) for p in d.rglob("*") if not p.name.startswith("pairnet.db"))
    assert after == before, set(after) ^ set(before)  # nothing written
    with EmbeddedStore(db) as store:
        assert store.counts() == net.counts()


def test_a_lock_timeout_that_is_no_number_is_one_message(cli, bad_inputs: tuple[Path, Path, PairingNetwork]) -> None:
    d, db, _ = bad_inputs
    for value in ("abc", "nan", "-1"):  # a write reads it (a read never waits for the lock)
        res = cli("load", "--append", str(d / "wb" / "towns.csv"), "--db", str(db),
                  env={"PAIRNET_LOCK_TIMEOUT": value})
        assert res.exit_code == 2 and "PAIRNET_LOCK_TIMEOUT" in res.stderr and res.exception.__class__ is SystemExit
        assert "Traceback" not in res.output


def test_load_faults_name_sheet_row_column_and_value(cli, bad_inputs: tuple[Path, Path, PairingNetwork]) -> None:
    d, db, _ = bad_inputs
    res = cli("load", str(d / "badwb"), "--db", str(db))
    assert res.exit_code == 2 and "Traceback" not in res.output
    bad = pd.read_csv(d / "badwb" / "households.csv", dtype=str).loc[0]
    fault = next(line for line in res.stderr.splitlines() if bad["household_id"] in line)
    assert "households" in fault and "row 2" in fault and "id_number" in fault, fault
    assert bad["id_number"][-4:] in fault and bad["id_number"] not in res.stderr  # the value, masked


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "xlsx"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_writer_masks_nested_data_of_a_result_without_tables(tmp_path: Path, capsys: pytest.CaptureFixture,
                                                             fmt: str, lang: str) -> None:
    """A Result that only has ``data`` is flattened for table/CSV/XLSX: PII under nested keys stays masked."""
    from pairnet.graph.core.result import Result
    from pairnet.graph.core.writers import write_result

    pii = frozenset({"610924198001011239", "13900000001", "13912345678"})
    data = {"household": {"id": "H1", "id_number": "610924198001011239",
                          "helpers": [{"phone": "13900000001"}, {"name": "x", "phone": "13912345678"}]}}
    out = tmp_path / "r.xlsx" if fmt == "xlsx" else None
    for show in (False, True):
        write_result(Result(data), fmt=fmt, out=str(out) if out else None, lang=lang, show_pii=show)
        text = capsys.readouterr().out + (file_text(out) if out else "")
        assert bool(leaks(text, pii)) == show, (show, text)
