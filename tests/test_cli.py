"""The command layer as a clerk meets it: stores that must exist, Chinese everywhere, names beside codes, the
summary first, spreadsheets to work in and read back, files as Windows writes them, quiet pipes."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from pairnet.cli import Progress
from pairnet.graph.core import messages, schema
from pairnet.graph.core.dates import parse_day
from pairnet.graph.core.writers import text_width
from pairnet.graph.embedded import EmbeddedStore
from pairnet.loaders.generate import generate

AS_OF = "2026-06-30"  # the generator's day


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    """A small generated county (Chinese names, every kind of gap planted) in an embedded store."""
    gen = generate("ziyang", scale=0.02, seed=3)
    db = tmp_path_factory.mktemp("county") / "pairnet.db"
    with EmbeddedStore(db) as store:
        store.write(gen.network)
    return db, gen


def _json(res) -> object:
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


# --- 1. a missing store is an error; an empty one says so; the demo's store is the default after the demo -----
READ_COMMANDS = [["info"], ["gaps"], ["balance"], ["chain", "H1"], ["propose"], ["committees", "plan"],
                 ["committees", "check"], ["cypher", "MATCH (t:Town) RETURN t.name"], ["export", "--out", "ex"],
                 ["map", "pairing", "--out", "m.html"], ["map", "overview", "--out", "m.html"],
                 ["map", "committees", "--out", "m.html"], ["report", "--out", "r"], ["history"], ["changes"],
                 ["card", "--village", "V1", "--out", "c.html"]]


@pytest.mark.parametrize("args", READ_COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_a_missing_store_is_an_error_and_no_file_is_made(args, cli, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    res = cli(*args, env={"PAIRNET_DB": None})
    assert res.exit_code == 2 and "Traceback" not in res.output
    assert "no store at ./pairnet.db" in res.stderr and "pairnet load FILE" in res.stderr
    assert "--db pairnet-demo/pairnet.db" in res.stderr and "PAIRNET_DB" in res.stderr
    zh = cli(*args, env={"PAIRNET_DB": None, "PAIRNET_LANG": "zh"})
    assert zh.exit_code == 2 and "没有数据库" in zh.stderr and "pairnet load 文件" in zh.stderr
    assert list(tmp_path.iterdir()) == []  # nothing created, not even an empty store


def test_an_empty_store_says_so(cli, tmp_path) -> None:
    db = tmp_path / "empty.db"
    EmbeddedStore(db).create_schema()
    res = cli("gaps", "--db", str(db))
    assert res.exit_code == 2 and f"the store {db} is empty" in res.stderr and "pairnet load FILE" in res.stderr
    info = cli("info", "--db", str(db))
    assert info.exit_code == 0 and "the store is empty" in info.stdout
    assert json.loads(cli("info", "--db", str(db), "--format", "json").stdout)["nodes"]["Household"] == 0


def test_after_the_demo_commands_without_db_use_its_store(cli, county, tmp_path, monkeypatch) -> None:
    db, _ = county
    (tmp_path / "pairnet-demo").mkdir()
    (tmp_path / "pairnet-demo" / "pairnet.db").write_bytes(db.read_bytes())
    monkeypatch.chdir(tmp_path)
    res = cli("info", env={"PAIRNET_DB": None})
    assert res.exit_code == 0 and "pairnet-demo/pairnet.db" in res.stdout
    assert _json(cli("gaps", "--as-of", AS_OF, "--format", "json", env={"PAIRNET_DB": None}))["gaps"]
    EmbeddedStore(tmp_path / "pairnet.db").create_schema()  # once ./pairnet.db exists, it is the default
    assert "store: embedded ./pairnet.db\n" in cli("info", env={"PAIRNET_DB": None}).stdout


# --- 2. Chinese everywhere, JSON unchanged ---------------------------------------------------------------
# Words an output may show in Chinese mode: names of commands, flags' values, formats and technical terms.
ALLOWED = set("""pairnet cypher networkx neo4j bolt json csv xlsx toml html utf gbk gb18030 ladybugdb id uri
demo generate load info gaps balance chain propose committees plan check map pairing overview report export
history changes card ledger template visits attendance bulletin
table en zh sheet coords workbook admin database import full ziyang xuanen rongshui wanyuan liupanshui sig
match return as where count quota county section staff village continuity_years min_team yyyy mm dd
pairnet_db pairnet_lang neo4j_uri neo4j_username neo4j_password neo4j_database geojson village_id
households members n h t name help helpers true false""".split())


def english_words(text: str) -> list[str]:
    """English words of ``text`` other than codes, flags, file names, paths and the allowed technical terms."""
    text = re.sub(r"(?m)^\s*pairnet .*$", " ", text)  # command lines (the help's examples, next steps)
    text = re.sub(r"\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b", " ", text)  # environment variables
    text = re.sub(r"(?i)neo4j|gb18030|utf-8(-sig)?|\b[a-z]+(_[a-z]+)+\b", " ", text)  # technical names
    text = re.sub(r"(?<![\w])--?[A-Za-z][\w-]*(=\S*)?", " ", text)  # flags
    text = re.sub(r"\S*[/\\]\S*", " ", text)  # paths and URIs
    text = re.sub(r"\S+\.(csv|xlsx|json|html|toml|db|cypher|geojson)\b", " ", text)  # file names
    text = re.sub(r"\$\w+|'[^'\n]*'|\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b", " ", text)  # parameters, quoted, env names
    text = re.sub(r"\b[A-Z]*[-_]?[A-Z]*\d[\w-]*", " ", text)  # codes: U0001, JC-610924001001, H000123
    return [w for w in re.findall(r"[A-Za-z]{2,}", text) if w.lower() not in ALLOWED]


def _xlsx_text(path: Path) -> str:
    wb = load_workbook(path, read_only=True)
    parts = list(wb.sheetnames)
    for ws in wb.worksheets:
        parts += [str(c) for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    return "\n".join(parts)


ANALYSES = [["info"], ["gaps", "--as-of", AS_OF], ["balance", "--as-of", AS_OF, "--detail"],
            ["propose", "--as-of", AS_OF], ["committees", "plan", "--min", "2", "--max", "4"],
            ["committees", "check"], ["cypher", "MATCH (t:Town) RETURN t.name AS 名称"]]


@pytest.mark.parametrize("args", ANALYSES, ids=lambda a: " ".join(a[:2]))
def test_every_output_in_chinese_and_json_unchanged(args, cli, county, tmp_path) -> None:
    db, _ = county
    store = ["--db", str(db)]
    for fmt in ("table", "csv"):
        res = cli(*args, *store, "--format", fmt, "--lang", "zh")
        assert res.exit_code == 0, res.output
        assert english_words(res.stdout) == [], (fmt, res.stdout[:2000])
    out = tmp_path / "out.xlsx"
    res = cli(*args, *store, "--format", "xlsx", "--out", str(out), "--lang", "zh")
    assert res.exit_code == 0, res.output
    assert english_words(_xlsx_text(out)) == []
    assert _json(cli(*args, *store, "--format", "json", "--lang", "zh")) == \
        _json(cli(*args, *store, "--format", "json", "--lang", "en"))


def test_chain_load_export_generate_and_maps_in_chinese(cli, county, tmp_path) -> None:
    db, gen = county
    need = _json(cli("gaps", "--db", str(db), "--as-of", AS_OF, "--format", "json"))["gaps"]
    household = next(g["id"] for g in need if g["kind"] == "household_without_helper")
    outputs = [cli("chain", household, "--db", str(db), "--lang", "zh")]
    outputs.append(cli("chain", household, "--db", str(db), "--lang", "zh", "--format", "csv"))
    copy = _copy_store(db, tmp_path / "copy.db")
    cli("propose", "--db", str(copy), "--as-of", AS_OF, "--format", "xlsx", "--out", str(tmp_path / "p.xlsx"),
        "--lang", "zh")
    outputs.append(cli("load", "--db", str(copy), "--append", str(tmp_path / "p.xlsx"), "--lang", "zh"))
    outputs.append(cli("load", "--db", str(copy), "--append", str(tmp_path / "p.xlsx"), "--lang", "zh"))
    outputs.append(cli("export", "--db", str(db), "--out", str(tmp_path / "ex"), "--lang", "zh"))
    outputs.append(cli("generate", "--profile", "ziyang", "--scale", "0.01", "--out", str(tmp_path / "g"),
                       "--lang", "zh"))
    zh = {"PAIRNET_LANG": "zh"}
    outputs.append(cli("map", "committees", "--db", str(db), "--out", str(tmp_path / "c.html"), env=zh))
    for res in outputs:
        assert res.exit_code == 0, res.output
        assert english_words(res.output) == [], res.output
    assert "无在岗帮扶人" in outputs[0].stdout and "已追加到" in outputs[2].stdout and "无变化" in outputs[3].stdout
    files = sorted(p.name for p in (tmp_path / "g" / "workbook").iterdir())
    assert files == sorted(f"{schema.SHEET_ZH[s.name][0]}.csv" for s in schema.SHEETS)  # Chinese file names


COMMANDS = [[], ["demo"], ["generate"], ["load"], ["info"], ["cypher"], ["export"], ["gaps"], ["balance"],
            ["chain"], ["propose"], ["committees"], ["committees", "plan"], ["committees", "check"], ["map"],
            ["map", "pairing"], ["map", "overview"], ["map", "committees"], ["report"], ["history"], ["changes"],
            ["card"], ["template"]]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a) or "pairnet")
def test_help_in_both_languages_with_an_example(args, cli) -> None:
    zh = cli(*args, "--help", "--lang", "zh")
    en = cli(*args, "--help", "--lang", "en")
    assert zh.exit_code == en.exit_code == 0
    assert "用法" in zh.stdout and "选项" in zh.stdout and "示例" in zh.stdout and "Usage" in en.stdout
    assert english_words(zh.stdout) == [], zh.stdout
    example = messages.EXAMPLES[" ".join(args) or "main"]
    assert example in zh.stdout and example in en.stdout and example.startswith("pairnet")
    assert cli(*args, "--help", env={"PAIRNET_LANG": "zh"}).stdout == zh.stdout  # the default language too


def test_faults_and_usage_errors_in_chinese(cli, county, tmp_path) -> None:
    db, _ = county
    store = ["--db", str(db), "--lang", "zh"]
    bad_wb = tmp_path / "wb"
    bad_wb.mkdir()
    (bad_wb / "乡镇.csv").write_text("乡镇编码,乡镇名称\nT1,城关镇\n", encoding="gbk")
    (bad_wb / "行政村.csv").write_text("村编码,村名称,乡镇编码\nV1,东河村,T9\n", encoding="gbk")
    cases = [cli("gaps", *store, "--as-of", "2026-13-45"), cli("chain", "NOPE", *store),
             cli("gaps", *store, "--policy", str(tmp_path / "none.toml")),
             cli("load", str(bad_wb), "--db", str(tmp_path / "x.db"), "--lang", "zh"),
             cli("gaps", *store, "--format", "pdf"), cli("gaps", "--bogus", "--lang", "zh"),
             cli("committees", "plan", *store, "--min", "5", "--max", "2"),
             cli("propose", *store, "--format", "xlsx")]
    for res in cases:
        assert res.exit_code == 2 and "Traceback" not in res.output, res.output
        assert "错误：" in res.stderr and english_words(res.stderr) == [], res.stderr
    assert "行政村 第 2 行（V1），乡镇编码：'T9'" in cases[3].stderr  # sheet, row, key and column in Chinese
    assert not (tmp_path / "x.db").exists()


# --- 3. names beside codes ---------------------------------------------------------------------------------
def test_names_beside_codes(cli, county, tmp_path) -> None:
    db, gen = county
    n = gen.network.nodes
    village = dict(zip(n["Village"]["village_id"], n["Village"]["name"]))
    town = dict(zip(n["Town"]["town_id"], n["Town"]["name"]))
    helper = {**dict(zip(n["Cadre"]["cadre_id"], n["Cadre"]["name"])),
              **dict(zip(n["Leader"]["leader_id"], n["Leader"]["name"]))}
    head = dict(zip(n["Household"]["household_id"], n["Household"]["head_name"]))
    out = tmp_path / "g.xlsx"
    assert cli("gaps", "--db", str(db), "--as-of", AS_OF, "--format", "xlsx", "--out", str(out)).exit_code == 0
    gaps = pd.read_excel(out, sheet_name="gaps", dtype=str)
    rows = gaps.dropna(subset=["village_id"])
    assert len(rows) and (rows["village_name"] == rows["village_id"].map(village)).all()
    assert (gaps["town_name"] == gaps["town_id"].map(town)).all()
    out = tmp_path / "p.xlsx"
    assert cli("propose", "--db", str(db), "--as-of", AS_OF, "--format", "xlsx", "--out", str(out)).exit_code == 0
    props = pd.read_excel(out, sheet_name="proposals", dtype=str)
    assert len(props) and (props["helper_name"] == props["helper_id"].map(helper)).all()
    assert (props["head_name"] == props["household_id"].map(head)).all()
    assert (props["village_name"] == props["village_id"].map(village)).all()
    pairings = pd.read_excel(out, sheet_name="pairings", dtype=str)
    assert (pairings["helper_name"] == pairings["helper_id"].map(helper)).all()
    plan = cli("committees", "plan", "--db", str(db), "--min", "2", "--max", "4")
    some = next(iter(village.items()))
    assert f"{some[0]} {some[1]}" in plan.stdout or some[1] in plan.stdout


# --- 4. summary first ----------------------------------------------------------------------------------------
def test_summary_first_and_a_count_line_on_every_table(cli, county, tmp_path) -> None:
    db, _ = county
    res = cli("balance", "--db", str(db), "--as-of", AS_OF)
    text = res.stdout
    assert "households in need" in text.splitlines()[1]  # the capacity right under the heading
    assert re.search(r"by_rank \(\d+ rows\)", text) and re.search(r"by_unit \(\d+ rows\)", text)
    assert not re.search(r"(?m)^helpers \(", text) and "add --detail" in text  # the rows wait for --detail
    detail = cli("balance", "--db", str(db), "--as-of", AS_OF, "--detail").stdout
    assert detail.index("by_rank (") < detail.index("by_unit (") < detail.index("helpers (")
    gaps = cli("gaps", "--db", str(db), "--as-of", AS_OF).stdout
    assert gaps.index("summary (6 rows)") < gaps.index("gaps (")
    assert "共 6 行" in cli("gaps", "--db", str(db), "--as-of", AS_OF, "--lang", "zh").stdout


def test_committees_check_leads_with_violations_in_every_format(cli, county, tmp_path) -> None:
    db, gen = county
    args = ["committees", "check", "--db", str(db), "--min", "1", "--max", "2"]  # the planted committee has 3 villages
    text = cli(*args).stdout
    assert text.index("size_out_of_bounds") < text.index("unplaced:")
    out = tmp_path / "check.xlsx"
    assert cli(*args, "--format", "xlsx", "--out", str(out)).exit_code == 0
    assert load_workbook(out).sheetnames[:2] == ["violations", "unplaced"]
    violations = pd.read_excel(out, sheet_name="violations", dtype=str)
    assert list(violations["rule"]) == ["size_out_of_bounds"]
    csv = tmp_path / "csv" / "check.csv"
    assert cli(*args, "--format", "csv", "--out", str(csv)).exit_code == 0
    assert "size_out_of_bounds" in csv.read_text("utf-8-sig")
    assert sorted(p.name for p in csv.parent.iterdir()) == sorted(
        ["check.csv", "unplaced.csv", "committees.csv", "committee_villages.csv"])
    placed = set(gen.network.rels["MEMBER_OF"]["source"])
    unplaced = pd.read_csv(csv.parent / "unplaced.csv", dtype=str)
    assert set(unplaced["village_id"]) == set(gen.network.nodes["Village"]["village_id"]) - placed


# --- 5. XLSX a clerk can work in; what pairnet writes to be read back is read back --------------------------
def test_xlsx_frozen_filtered_wide_and_codes_as_text(cli, county, tmp_path) -> None:
    db, _ = county
    out = tmp_path / "缺口.xlsx"
    assert cli("gaps", "--db", str(db), "--as-of", AS_OF, "--format", "xlsx", "--out", str(out),
               "--lang", "zh").exit_code == 0
    wb = load_workbook(out)
    assert wb.sheetnames == ["汇总", "缺口"]
    ws = wb["缺口"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:H{ws.max_row}"
    header = [c.value for c in ws[1]]
    code = ws.cell(2, header.index("户编号" if "户编号" in header else "编号") + 1)
    assert code.data_type == "s" and code.number_format == "@"
    width = ws.column_dimensions["E"].width  # 类型: the longest gap kind in Chinese
    assert width >= max(text_width(str(c.value)) for (c,) in ws.iter_rows(min_col=5, max_col=5))


def _copy_store(db: Path, copy: Path) -> Path:
    """A copy of an embedded store as a clerk makes one: the file and its key (README, "Stores and scale")."""
    copy.write_bytes(db.read_bytes())
    Path(str(copy) + ".key").write_bytes(Path(str(db) + ".key").read_bytes())
    return copy


def test_proposals_and_plans_are_read_back(cli, county, tmp_path) -> None:
    db, _ = county
    copy = _copy_store(db, tmp_path / "copy.db")
    for lang in ("zh", "en"):
        out = tmp_path / f"proposals-{lang}.xlsx"
        res = cli("propose", "--db", str(copy), "--as-of", AS_OF, "--format", "xlsx", "--out", str(out), "--lang", lang)
        proposed = _json(cli("propose", "--db", str(copy), "--as-of", AS_OF, "--format", "json"))["proposals"]
        assert res.exit_code == 0
        loaded = cli("load", "--db", str(copy), "--append", str(out), "--format", "json")
        if proposed:
            assert _json(loaded)["diff"]["relationships"]["HELPS"]["added"] == len(proposed)
    left = _json(cli("gaps", "--db", str(copy), "--as-of", AS_OF, "--format", "json"))["summary"]
    assert left["household_without_helper"] == 0  # this county has spare quota for all
    for fmt, name in (("xlsx", "plan.xlsx"), ("json", "plan.json"), ("csv", "plan/committees.csv")):
        out = tmp_path / name
        out.parent.mkdir(exist_ok=True)
        assert cli("committees", "plan", "--db", str(db), "--min", "2", "--max", "4", "--format", fmt,
                   "--out", str(out), "--lang", "zh").exit_code == 0
        for plan in {out, out.parent} if fmt == "csv" else {out}:  # a CSV plan: its folder or its main file
            res = cli("map", "committees", "--db", str(db), "--plan", str(plan), "--out", str(tmp_path / "m.html"))
            assert res.exit_code == 0 and "planned" in res.stdout, res.output


# --- 6. files as Chinese Windows writes them ------------------------------------------------------------------
def test_policy_and_plan_files_in_utf8_bom_or_gbk(cli, county, tmp_path) -> None:
    db, _ = county
    base = _json(cli("balance", "--db", str(db), "--as-of", AS_OF, "--format", "json"))
    toml = "# 政策：科级定额\n[quota]\nsection = 6\n"
    for encoding in ("utf-8", "utf-8-sig", "gbk"):
        path = tmp_path / f"policy-{encoding}.toml"
        path.write_bytes(toml.encode(encoding))
        data = _json(cli("balance", "--db", str(db), "--as-of", AS_OF, "--policy", str(path), "--format", "json"))
        assert data["policy"]["section"] == 6 and data["capacity"]["capacity"] > base["capacity"]["capacity"]
    junk = tmp_path / "junk.toml"
    junk.write_bytes(b"\xff\xfe\x00\x81\x30")
    res = cli("balance", "--db", str(db), "--policy", str(junk))
    assert res.exit_code == 2 and len(res.stderr.strip().splitlines()) == 1 and "neither UTF-8 nor GBK" in res.stderr
    plan = cli("committees", "plan", "--db", str(db), "--min", "2", "--max", "4", "--format", "json").stdout
    for encoding in ("utf-8-sig", "gbk"):
        path = tmp_path / f"plan-{encoding}.json"
        path.write_bytes(plan.encode(encoding))
        res = cli("map", "committees", "--db", str(db), "--plan", str(path), "--out", str(tmp_path / "m.html"))
        assert res.exit_code == 0, res.output
    broken = tmp_path / "broken.json"
    broken.write_text('{"committees": [', encoding="utf-8")
    res = cli("map", "committees", "--db", str(db), "--plan", str(broken), "--out", str(tmp_path / "m.html"))
    assert res.exit_code == 2 and len(res.stderr.strip().splitlines()) == 1 and "is not JSON" in res.stderr


@pytest.mark.parametrize("text", ["2026-06-30", "2026/6/30", "2026-6-30", "2026年6月30日", "2026.06.30", "20260630"])
def test_as_of_as_clerks_write_it(text, cli, county) -> None:
    db, _ = county
    assert parse_day(text).isoformat() == AS_OF
    data = _json(cli("gaps", "--db", str(db), "--as-of", text, "--format", "json"))
    assert data["as_of"] == AS_OF


def test_a_day_that_is_no_day_is_refused() -> None:
    assert parse_day("2026-02-30") is None and parse_day("30/6/2026") is None and parse_day("2026年13月1日") is None


# --- 7. progress on a terminal only --------------------------------------------------------------------------
class Terminal(io.StringIO):
    """A text stream that says it is a terminal (as stderr does in a console)."""

    def isatty(self) -> bool:
        return True


def test_progress_shows_on_a_terminal_and_is_silent_in_a_pipe(cli, county) -> None:
    term, pipe = Terminal(), io.StringIO()
    for stream in (term, pipe):
        p = Progress("zh", stream)
        p(messages.Text("step.analyse"))
        with p.bar(messages.Text("step.read", path="x.xlsx"), 3) as bar:
            bar.update(3)
        p.done()
    assert "正在分析" in term.getvalue() and "正在读取并检查 x.xlsx" in term.getvalue()
    assert pipe.getvalue() == ""
    db, _ = county
    res = cli("committees", "plan", "--db", str(db), "--min", "2", "--max", "4")
    assert res.exit_code == 0 and res.stderr == ""  # CliRunner's stderr is not a terminal: no stray lines


# --- 10. info loads no heavy library -------------------------------------------------------------------------
def test_info_imports_neither_pandas_nor_the_analyses(county) -> None:
    db, _ = county
    code = ("import sys; from pairnet.cli import main\n"
            f"try: main(['info', '--db', {str(db)!r}])\nexcept SystemExit as e: assert e.code in (0, None)\n"
            "print(sorted(m for m in ('pandas', 'numpy', 'pyarrow', 'networkx', 'neo4j', 'scipy', 'openpyxl',"
            " 'pairnet.queries', 'pairnet.loaders.validate') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"PAIRNET_LANG": "en", "PATH": "/usr/bin:/bin"})
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stdout
    assert "Household" in out.stdout


# --- the README's everyday commands, as written, right after the demo ----------------------------------------
EVERYDAY = [
    ["info"], ["gaps", "--as-of", AS_OF, "--format", "xlsx", "--out", "缺口.xlsx", "--lang", "zh"],
    ["balance", "--detail"], ["chain", "6109240010010001"],
    ["propose", "--format", "xlsx", "--out", "proposals.xlsx"], ["load", "--append", "proposals.xlsx"],
    ["committees", "plan", "--within-town", "--format", "xlsx", "--out", "plan.xlsx"], ["committees", "check"],
    ["map", "pairing", "--town", "610924001", "--out", "pairing.html"], ["map", "overview", "--out", "overview.html"],
    ["map", "committees", "--plan", "plan.xlsx", "--out", "committees.html"],
    ["export", "--as", "neo4j-admin", "--out", "import/"],
    ["cypher", "MATCH (h:Household) WHERE h.members >= $n RETURN count(h) AS n", "--param", "n=6"],
]


def test_the_everyday_commands_work_as_written_after_the_demo(cli, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    env = {"PAIRNET_DB": None, "PAIRNET_LANG": "zh"}
    demo = cli("demo", "--scale", "0.02", "--seed", "1", env=env)
    assert demo.exit_code == 0, demo.output
    assert english_words(demo.stdout) == [], demo.stdout
    assert "现在默认数据库是 pairnet-demo/pairnet.db" in demo.stdout and "pairnet info\n" in demo.stdout
    for args in EVERYDAY:
        res = cli(*args, env=env)
        assert res.exit_code == 0, (args, res.output)
        assert english_words(res.stdout) == [], (args, res.stdout)
    assert not (tmp_path / "pairnet.db").exists()  # everything went to the demo's store
    assert (tmp_path / "committees.html").exists() and (tmp_path / "缺口.xlsx").exists()


def test_codes_stay_whole_while_pii_shapes_are_masked(cli, county) -> None:
    """A 12-digit village code or a 16-digit household code is not an ID or a phone: outputs keep it whole; an
    ad-hoc query's ID numbers, even reversed, stay masked, and its codes (found in the store) whole."""
    db, _ = county
    gaps = cli("gaps", "--db", str(db), "--as-of", AS_OF)
    assert re.search(r"(?<!\d)610924\d{6}(?!\d)", gaps.stdout) and "610*****" not in gaps.stdout
    res = cli("cypher", "MATCH (h:Household) RETURN h.household_id AS k, h.id_number AS x, "
              "reverse(h.id_number) AS r ORDER BY k LIMIT 3", "--db", str(db), "--format", "json")
    rows = json.loads(res.stdout)["rows"]
    assert len(rows) == 3
    for row in rows:
        assert re.fullmatch(r"\d{16}", row["k"]), row
        assert "*" in row["x"] and "*" in row["r"], row


@pytest.mark.parametrize("toml", ["min_team = -1\n", "[quota]\ngeneral = 3\n", "visit_kinds = 'home'\n",
                                  "leave_excuses = 3\n", "continuity_until = 'soon'\n"])
def test_a_bad_policy_value_is_told_in_chinese(toml, cli, county, tmp_path) -> None:
    db, _ = county
    policy = tmp_path / "政策.toml"
    policy.write_text(toml, encoding="utf-8")
    res = cli("gaps", "--db", str(db), "--policy", str(policy), "--lang", "zh")
    assert res.exit_code == 2 and "错误：政策" in res.stderr and "Traceback" not in res.output, res.output
    assert english_words(res.stderr) == [], res.stderr
