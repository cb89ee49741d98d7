"""THE message catalogue (Chinese and English) and the translation of headers, values and sheet names.

Every sentence pairnet shows a person is a key here with its English and Chinese text; code builds a ``Text``
(key and fields) and the writer or the CLI renders it in the reader's language. ``str(text)`` is English, so
library callers and logs read as before. JSON never goes through this module: its keys and values stay English.
"""

from __future__ import annotations

import os
import string
import sys
from collections.abc import Mapping
from typing import Any

from pairnet.graph.core import schema

LANGS = ("zh", "en")
# --- Chinese headers and values (--lang zh) -------------------------------------------------------------
# Output-only columns and values that the schema does not declare; schema columns get their first alias.
_SUPERVISION_HEADERS_ZH = {  # folded into HEADERS_ZH below
    "name": "名称", "id": "编号", "label": "名称", "kind": "类型", "reason": "原因", "load": "帮扶户数",
    "quota": "定额", "status": "状态", "source": "起点", "target": "终点", "source_label": "起点类别",
    "type": "关系类型", "count": "数量", "helper_id": "帮扶人编号", "size": "规模", "members": "家庭人口",
    "villages": "村", "need": "需要", "missing": "缺少", "town": "乡镇", "village": "村",
    # supervision: visits, attendance, colours, bulletin
    "helper_ids": "帮扶人编号", "last_visit": "最近走访日期", "days_since": "距今天数", "state": "走访状态",
    "households": "户数", "in_time": "按时走访户数", "share": "按时走访率", "helpers": "帮扶人数",
    "no_helper": "无帮扶人", "never": "从未走访", "overdue": "走访逾期", "ok": "按时走访",
    "present": "在村天数", "leave": "请假天数", "away": "离村天数", "required": "应在村天数", "short": "天数不足",
    "colour": "三色", "red": "红", "yellow": "黄", "green": "绿", "share_green": "绿色占比", "place": "名次",
    "visit_share": "按时走访率", "cadres": "驻村干部数", "cadres_short": "天数不足人数", "attendance_share": "考勤达标率",
    "gaps": "缺口数", "villages_packaged": "包抓村数",
    "month": "月份", "change": "变化", "detail": "详情", "what": "项目",
    "load_id": "加载编号", "at": "时间", "file": "文件", "sha256": "内容摘要", "append": "追加", "initial": "首次加载",
    "diff": "变化", "events": "走访与考勤记录", "frame": "表", "op": "操作", "key": "键", "before": "变化前",
    "after": "变化后",
}
_SUPERVISION_VALUES_ZH = {  # folded into VALUES_ZH below
    "status": {"over": "超额", "at": "满额", "under": "不足"},
    "reason": {"never_paired": "从未结对", "pairings_ended": "结对已结束", "only_inactive_helpers": "帮扶人均不在岗",
               "no_helper": "无帮扶人", "never": "从未走访", "overdue": "走访逾期", "over_quota": "帮扶人超额",
               "ok": "正常"},
    "state": {"no_helper": "无帮扶人", "never": "从未走访", "overdue": "走访逾期", "ok": "按时走访"},
    "colour": {"red": "红", "yellow": "黄", "green": "绿"},
    "kind": {
        "household_without_helper": "无帮扶人的户", "village_without_unit": "无包抓单位的村",
        "village_without_first_secretary": "无第一书记的村", "village_team_understaffed": "工作队人数不足的村",
        "deep_village_without_leader": "无县级领导包抓的深度贫困村", "town_without_leader": "无联系领导的乡镇",
        "pairing_begun": "新结对", "pairing_ended": "结对结束", "household_monitored": "新增监测户",
        "household_exited": "新脱贫户", "helper_left": "帮扶人离岗", "village_lost_first_secretary": "村失去第一书记",
        "village_lost_unit": "村失去包抓单位", "other": "其他变化",
    },
    "op": {"added": "新增", "removed": "删除", "changed": "修改"},
}


def default_lang(environ: Mapping[str, str] | None = None) -> str:
    """The language when ``--lang`` is not given: ``PAIRNET_LANG`` (zh or en), else the locale (an English
    locale gives en, any other zh), else zh: pairnet's users are county offices in China.

    >>> default_lang({"PAIRNET_LANG": "en"}), default_lang({"LANG": "en_US.UTF-8"}), default_lang({"LANG": "C"})
    ('en', 'en', 'zh')
    """
    env = os.environ if environ is None else environ
    chosen = (env.get("PAIRNET_LANG") or "").strip().lower()
    if chosen in LANGS:
        return chosen
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = (env.get(var) or "").strip()
        if value:
            return "en" if value.lower().startswith("en") else "zh"
    if environ is None and sys.platform == "win32":  # Windows keeps its language outside the environment
        import locale

        name = locale.getlocale()[0] or ""
        return "en" if name.lower().startswith("en") else "zh"
    return "zh"


def check_lang(lang: str | None) -> str:
    """``lang`` when it is zh or en, the default when it is None."""
    return default_lang() if lang is None else (lang if lang in LANGS else "en")


class Text:
    """A message in both languages: ``Text(key, **fields)`` names one of the catalogue (``MESSAGES``), filled in
    when rendered; ``Text(en, zh)`` is a pair already worded. ``str()`` gives English, ``render(lang)`` (or
    ``get(lang)``) either language; ``en`` and ``zh`` are both renderings.

    A field may itself be a ``Text`` (rendered in the same language). A format spec names how a field is
    translated: ``sheet`` (a sheet or table name), ``col`` (a column), ``label`` (a node label), ``rel`` (a
    relationship type), ``v.COLUMN`` (a value of COLUMN), ``list`` (items joined), ``n`` (a count, 1,234).

    >>> t = Text("store.empty", path="x.db")
    >>> str(t).startswith("the store x.db is empty"), Text("yes", "是").get("zh")
    (True, '是')
    """

    __slots__ = ("key", "fields", "_pair")

    def __init__(self, first: str, second: str | None = None, /, **fields: Any) -> None:
        if second is None and not fields and first not in MESSAGES:
            raise KeyError(f"no message {first!r} in the catalogue")
        if second is None:
            self.key, self.fields, self._pair = first, fields, None
        else:
            self.key, self.fields, self._pair = None, {}, (first, second)

    def render(self, lang: str = "en") -> str:
        if self._pair is not None:
            return self._pair[1] if lang == "zh" else self._pair[0]
        return _Formatter(lang).vformat(MESSAGES[self.key][0 if lang == "en" else 1], (), self.fields)

    def get(self, lang: str) -> str:
        return self.render(lang)

    @property
    def en(self) -> str:
        return self.render("en")

    @property
    def zh(self) -> str:
        return self.render("zh")

    def __str__(self) -> str:
        return self.render("en")

    def __repr__(self) -> str:
        return f"Text({self.key!r}, {self.fields!r})" if self._pair is None else f"Text{self._pair!r}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Text) and (self.en, self.zh) == (other.en, other.zh)

    def __hash__(self) -> int:
        return hash(self.en)


def say(key: str, lang: str = "en", /, **fields: Any) -> str:
    """The message ``key`` in ``lang`` with ``fields`` filled in.

    >>> say("count.rows", "zh", n=1234), say("count.rows", "en", n=1)
    ('共 1,234 行', '1 row')
    """
    return Text(key, **fields).render(lang)


def render(obj: Any, lang: str = "en") -> str:
    """Any message-like value in ``lang``: a ``Text`` (or anything with ``render(lang)``), an exception carrying
    one, or plain text as it is."""
    if hasattr(obj, "render") and not isinstance(obj, BaseException):
        return obj.render(lang)
    if isinstance(obj, BaseException):
        if hasattr(obj, "render"):
            return obj.render(lang)
        if obj.args and hasattr(obj.args[0], "render"):
            return obj.args[0].render(lang)
        if isinstance(getattr(obj, "text", None), Text):  # an error that keeps its message in both languages
            return obj.text.render(lang)
    return str(obj)


class _Formatter(string.Formatter):
    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: Any, spec: str) -> str:
        lang = self.lang
        if isinstance(value, Text):
            return value.render(lang)
        if spec == "sheet":
            return sheet_name(str(value), lang)
        if spec == "col":
            return header(str(value), lang)
        if spec == "label":
            return label_name(str(value), lang)
        if spec == "rel":
            return rel_name(str(value), lang)
        if spec.startswith("v."):
            return str(translate_value(spec[2:], value, lang))
        if spec == "list":
            return ("、" if lang == "zh" else ", ").join(self.format_field(v, "") for v in value)
        if spec == "n":
            return f"{value:,}"
        if spec == "s":  # English plural ending for a count
            return "" if value == 1 else "s"
        return super().format_field(value, spec)


# --- headers, values, sheet names ------------------------------------------------------------------------
def _schema_columns() -> dict[str, schema.Prop]:
    """Each column name of the schema with the first declaration carrying it."""
    out: dict[str, schema.Prop] = {}
    for s in schema.SHEETS:
        for p in s.columns:
            out.setdefault(p.name, p)
    return out


_COLUMNS = _schema_columns()
_BOOL_ZH = {b: next(v for v in vs if not v.isascii()) for b, vs in schema.BOOL_VALUES.items()}


def header(column: str, lang: str) -> str:
    """The header of an output column in ``lang``: the catalogue's, else the schema's first Chinese alias.

    >>> header("village_name", "zh"), header("village_id", "zh"), header("village_id", "en")
    ('村名称', '村编码', 'village_id')
    """
    if lang == "en":
        return column
    if column in HEADERS_ZH:
        return HEADERS_ZH[column]
    p = _COLUMNS.get(column)
    return p.zh[0] if p is not None and p.zh else column


def sheet_name(name: str, lang: str) -> str:
    """A sheet or table name in ``lang`` (workbook sheets take the schema's first Chinese name).

    >>> sheet_name("pairings", "zh"), sheet_name("by_rank", "zh")
    ('结对帮扶', '按职级')
    """
    if lang == "en":
        return name
    if name in schema.SHEET_ZH:
        return schema.SHEET_ZH[name][0]
    return TABLES_ZH.get(name, name)


def label_name(label: str, lang: str) -> str:
    """A node label in ``lang`` (``Household`` -> ``农户``)."""
    node = schema.NODE.get(label) if lang == "zh" else None
    return node.zh_name if node is not None and node.zh_name else label


def rel_name(rel_type: str, lang: str) -> str:
    """A relationship type in ``lang`` (``HELPS`` -> ``结对帮扶``)."""
    rel = schema.REL.get(rel_type) if lang == "zh" else None
    return rel.zh_name if rel is not None and rel.zh_name else rel_type


def _value_map_zh(column: str) -> dict[str, str]:
    p = _COLUMNS.get(column)
    m = dict(schema.VALUE_ZH.get(p.enum, {})) if p is not None and p.enum else {}
    m.update(VALUES_ZH.get(column, {}))
    return m


_VALUE_MAPS: dict[str, dict[str, str]] = {}


def translate_value(column: str, value: Any, lang: str) -> Any:
    """A cell of ``column`` in ``lang``: a ``Text`` rendered, an enum value or boolean in Chinese, a reason that
    carries figures (``team 2 of 3``) reworded; anything else unchanged.

    >>> translate_value("reason", "team 2 of 3", "zh"), translate_value("rank", "staff", "zh")
    ('工作队2人（应有3人）', '一般干部')
    """
    if isinstance(value, Text):
        return value.render(lang)
    if lang == "en":
        return value
    if isinstance(value, bool):
        return _BOOL_ZH[value]
    if not isinstance(value, str):
        return value
    m = _VALUE_MAPS.get(column)
    if m is None:
        m = _VALUE_MAPS[column] = _value_map_zh(column)
    if value in m:
        return m[value]
    for col, pattern, key in VALUE_PATTERNS:
        if col == column:
            hit = pattern.fullmatch(value)
            if hit:
                return say(key, lang, **hit.groupdict())
    if "; " in value:  # a reason of several parts ("colleague in unit U1 ...; stationed in V1 as ..."): each part
        parts = [translate_value(column, part, lang) for part in value.split("; ")]
        return "；".join(str(p) for p in parts)
    return value


def frame(df: Any, lang: str) -> Any:
    """A DataFrame with headers, enum values, booleans and ``Text`` cells in ``lang``."""
    import pandas as pd

    out = pd.DataFrame(index=df.index)
    for c in df.columns:
        s = df[c]
        if lang == "zh" and pd.api.types.is_bool_dtype(s.dtype):
            s = s.astype(object).map(lambda v: v if v is None or v is pd.NA else _BOOL_ZH[bool(v)])
        elif s.dtype == object or lang == "zh" and pd.api.types.is_string_dtype(s.dtype):
            s = s.astype(object).map(lambda v, c=str(c): translate_value(c, v, lang))
        out[header(str(c), lang)] = s
    return out


def frame_zh(df: Any) -> Any:
    """``df`` with Chinese headers and values (``frame(df, "zh")``)."""
    return frame(df, "zh")


def header_zh(column: str) -> str:
    """The Chinese header of ``column``."""
    return header(column, "zh")

# --- output headers, table names and values the schema does not declare ----------------------------------
HEADERS_ZH: dict[str, str] = {
    "name": "名称", "id": "编号", "label": "名称", "kind": "类型", "reason": "原因", "load": "帮扶户数",
    "quota": "定额", "status": "状态", "source": "起点", "target": "终点", "source_label": "起点类别",
    "type": "关系类型", "count": "数量", "helper_id": "帮扶人编号", "helper_name": "帮扶人姓名",
    "head_name": "户主姓名", "size": "村数", "members": "家庭人口", "villages": "成员村", "need": "需要",
    "missing": "缺少", "town": "乡镇", "village": "村", "town_name": "乡镇名称", "village_name": "村名称",
    "unit_name": "单位名称", "lead_village_name": "牵头村名称", "helpers": "帮扶人数", "over": "超额人数",
    "at": "满额人数", "under": "不足人数", "measure": "项目", "value": "数值", "tier": "层级", "why": "理由",
    "link": "环节", "detail": "说明", "state": "状态", "rule": "规则", "households": "户数", "town_ids": "乡镇编码",
    "item": "项目", "file": "文件", "rows": "行数", "key": "项目", "sheet": "表", "added": "新增",
    "removed": "删除", "changed": "修改", "rank": "职级", "unit_id": "单位编码", "town_id": "乡镇编码",
    "household_id": "户编号", "village_id": "村编码", "committee_id": "联村党委编号",
    "lead_village_id": "牵头村", "industry": "主导产业",
}
TABLES_ZH: dict[str, str] = {
    "gaps": "缺口", "summary": "汇总", "helpers": "帮扶人", "by_rank": "按职级", "by_unit": "按单位",
    "capacity": "帮扶能力", "proposals": "结对建议", "uncovered": "未覆盖户", "violations": "违规",
    "unplaced": "未编入村", "counts": "统计", "chain": "责任链", "rows": "查询结果", "files": "文件",
    "result": "结果", "overloaded": "超额帮扶人", "changes": "变化",
}
_GAP_KINDS_ZH = {
    "household_without_helper": "无帮扶人的户", "village_without_unit": "无包抓单位的村",
    "village_without_first_secretary": "无第一书记的村", "village_team_understaffed": "工作队人数不足的村",
    "deep_village_without_leader": "无县级领导包抓的深度贫困村", "town_without_leader": "无联系领导的乡镇",
}
_LABELS_ZH = {n.label: n.zh_name for n in schema.NODES if n.zh_name}
_RELS_ZH = {r.type: r.zh_name for r in schema.RELS if r.zh_name}
VALUES_ZH: dict[str, dict[str, str]] = {
    "status": {"over": "超额", "at": "满额", "under": "不足"},
    "reason": {"never_paired": "从未结对", "pairings_ended": "结对已结束", "only_inactive_helpers": "帮扶人均不在岗",
               "not_in_committee": "未加入联村党委", "no_coordinates": "无坐标", "no_polygon": "无边界",
               "isolated": "无相邻村", "town_too_small": "乡镇村数太少", "component_too_small": "连片村数太少",
               "no_strong_or_good_village": "连片中没有“好”或“较好”的村",
               "no_strong_or_good_village_reachable": "附近没有“好”或“较好”的村",
               "no_room_within_bounds": "村数限制内无法编入"},
    "kind": {**_GAP_KINDS_ZH, **schema.VALUE_ZH["unit_kind"], "node": "节点", "relationship": "关系",
             "leader": "县级领导", "cadre": "干部"},
    "item": {"IN_TOWN": "所属乡镇", "LIVES_IN": "居住村", "WORKS_IN": "工作单位", **_LABELS_ZH, **_RELS_ZH},
    "tier": {"village": "本村", "town": "本乡镇", "anywhere": "其他"},
    "village_kind": {"deep_poverty": "深度贫困村", "poor": "贫困村", "not_poor": "非贫困村"},
    "detail": {**{r: v for r, v in schema.VALUE_ZH["rank"].items()}, **schema.VALUE_ZH["role"],
               "deep_poverty": "深度贫困村", "poor": "贫困村", "not_poor": "非贫困村", "poor_village": "贫困村",
               **schema.VALUE_ZH["status"], **schema.VALUE_ZH["unit_kind"]},
    "state": {"current": "有效", "current, cadre inactive": "有效，但干部不在岗"},
    "rule": {"size_out_of_bounds": "村数超出范围", "not_contiguous": "不连片", "lead_missing": "无牵头村",
             "lead_not_member": "牵头村不是成员", "lead_not_strong": "牵头村评定不够", "weak_without_partner":
             "软弱涣散村无强村结对", "crosses_towns": "跨乡镇", "village_in_two_committees": "一村属于两个联村党委"},
    "measure": {"households_in_need": "需帮扶户数", "capacity": "按定额可帮扶户数", "shortfall": "缺口户数",
                "helpers": "在岗帮扶人数", "more_county": "还需县处级", "more_section": "还需科级",
                "more_staff": "还需一般干部", "more_village": "还需村干部", "households_without_helper": "无帮扶人的户",
                "spare_places": "空余名额", "proposed": "建议结对", "uncovered": "未覆盖户"},
    "branch_rating": {"unrated": "未评定"},
    "adjacency_source": {"sheet": "相邻村表", "coords": "坐标", "polygons": "边界多边形"},
    "adjacency_missing": {"coords": "无坐标", "polygons": "无边界", "sheet": "无坐标"},
}
# Values that carry figures: (column, pattern, message key); the groups fill the message.
import re as _re  # noqa: E402

VALUE_PATTERNS: list[tuple[str, _re.Pattern[str], str]] = [
    ("reason", _re.compile(r"team (?P<n>\d+) of (?P<of>\d+)"), "reason.team"),
    ("state", _re.compile(r"ended (?P<day>\S+)"), "state.ended"),
    ("state", _re.compile(r"from (?P<day>\S+)"), "state.from"),
    ("why", _re.compile(r"unit (?P<via>\S+) packages (?P<v>\S+)"), "why.unit_packages"),
    ("why", _re.compile(r"stationed in (?P<v>\S+) as (?P<via>\S+)"), "why.stationed"),
    ("why", _re.compile(r"leader packages (?P<v>\S+)"), "why.leader_packages"),
    ("why", _re.compile(r"works in town (?P<town>\S+)"), "why.town"),
    ("why", _re.compile(r"spare quota, no tie to the village or town"), "why.anywhere"),
    ("why", _re.compile(r"colleague in unit (?P<via>\S+) of the helper who left"), "why.colleague"),
    ("detail", _re.compile(r"(?P<n>\d+) villages, allowed (?P<lo>\d+)\.\.(?P<hi>\d+)"), "detail.size"),
    ("detail", _re.compile(r"villages fall into (?P<n>\d+) separate groups in the adjacency graph"),
     "detail.contiguous"),
    ("detail", _re.compile(r"no lead village"), "detail.lead_missing"),
    ("detail", _re.compile(r"lead village (?P<v>\S+) is not a member"), "detail.lead_not_member"),
    ("detail", _re.compile(r"lead village (?P<v>\S+) is rated (?P<rating>\S+)"), "detail.lead_not_strong"),
    ("detail", _re.compile(r"weak village (?P<v>\S+) has no strong or good village in its committee"), "detail.weak"),
    ("detail", _re.compile(r"villages of (?P<n>\d+) towns: (?P<towns>.+)"), "detail.towns"),
    ("detail", _re.compile(r"village (?P<v>\S+) is in (?P<committees>.+)"), "detail.two"),
]


# --- the catalogue: key -> (English, Chinese) ------------------------------------------------------------
MESSAGES: dict[str, tuple[str, str]] = {
    # errors and the store
    "error": ("Error: {message}", "错误：{message}"),
    "store.missing": ("no store at {path}: load a workbook first (pairnet load FILE), or after `pairnet demo` give "
                      "--db pairnet-demo/pairnet.db or set PAIRNET_DB",
                      "没有数据库 {path}：请先导入台账（pairnet load 文件）；运行过 pairnet demo 的，可加 "
                      "--db pairnet-demo/pairnet.db 或设置 PAIRNET_DB"),
    "store.empty": ("the store {path} is empty: load a workbook first (pairnet load FILE)",
                    "数据库 {path} 是空的：请先导入台账（pairnet load 文件）"),
    "store.empty_note": ("the store is empty: load a workbook with pairnet load FILE",
                         "数据库是空的：请用 pairnet load 文件 导入台账"),
    "store.demo": ("(using the demo store {path})", "（使用演示数据库 {path}）"),
    "store.both": ("give --db or --neo4j, not both", "--db 和 --neo4j 只能给一个"),
    "scope.one": ("give at most one of --town, --village, --unit", "--town、--village、--unit 最多只能给一个"),
    "store.kind.embedded": ("embedded", "嵌入式"),
    "store.kind.neo4j": ("neo4j", "Neo4j"),
    "store.is_dir": ("{path} is a directory, not an embedded store file", "{path} 是文件夹，不是数据库文件"),
    "store.not_db": ("{path} is not a pairnet (LadybugDB) database file; give another --db path",
                     "{path} 不是 pairnet（LadybugDB）数据库文件；请用 --db 指定其他路径"),
    "store.no_folder": ("cannot create the embedded store {path}: folder {parent} does not exist",
                        "无法创建数据库 {path}：文件夹 {parent} 不存在"),
    "store.read_only_folder": ("cannot create the embedded store {path}: folder {parent} is not writable",
                               "无法创建数据库 {path}：文件夹 {parent} 不可写"),
    "store.open_failed": ("cannot open the embedded store {path}: {why}", "无法打开数据库 {path}：{why}"),
    "store.read_only": ("queries are read-only; change the store by loading a workbook (pairnet load)",
                        "查询只能读取；要修改数据库，请导入台账（pairnet load）"),
    "store.query_failed": ("query failed on {path}: {why}", "在 {path} 上查询失败：{why}"),
    "store.create_failed": ("cannot create the embedded store {path}: {why}", "无法创建数据库 {path}：{why}"),
    "store.write_failed": ("writing the embedded store {path} failed, nothing was changed: {why}",
                           "写入数据库 {path} 失败，没有做任何修改：{why}"),
    "store.written_but": ("{path} now holds the new content, but {why} after it was put in place",
                          "{path} 已是新内容，但换入之后出错：{why}"),
    "vault.unreadable": ("the key file {path} that seals ID and phone numbers cannot be read ({why}); restore it from "
                         "a backup, or set PAIRNET_KEY_FILE to the right file",
                         "加密身份证号和电话的密钥文件 {path} 无法读取（{why}）；请从备份恢复，或用 PAIRNET_KEY_FILE 指定正确的文件"),
    "vault.other_key": ("the ID and phone numbers in this store were sealed with another key than {path}, so "
                        "nothing was appended: copy the key file from the machine that loaded the store there (or "
                        "set PAIRNET_KEY_FILE to it); if that key is lost, load the whole workbook again (without "
                        "--append), which seals every value anew",
                        "该数据库中的身份证号和电话是用另一把密钥加密的（不是 {path}），未追加任何数据：请把最初导入该数据库的电脑上"
                        "的密钥文件复制到这里（或用 PAIRNET_KEY_FILE 指定）；如该密钥已丢失，请不加 --append 重新导入完整台账，"
                        "所有号码将重新加密"),
    "vault.create_failed": ("cannot create the key file {path} that seals ID and phone numbers: {why}",
                            "无法创建加密身份证号和电话的密钥文件 {path}：{why}"),
    "disk.full": ("the disk is full", "磁盘已满"),
    "store.busy": ("another load is writing to {path} (waited {seconds} s); nothing was written: try again when it "
                   "has finished", "另一个导入正在写入 {path}（已等待 {seconds} 秒），未写入任何数据：请等它完成后再试"),
    "store.busy_readers": ("readers of an earlier version of {path} are still running (waited {seconds} s); nothing "
                           "was written: try again later",
                           "仍有命令在读取 {path} 的旧版本（已等待 {seconds} 秒），未写入任何数据：请稍后再试"),
    "store.changing": ("cannot read {path}: it keeps changing", "无法读取 {path}：它一直在变化"),
    "neo4j.kept_changing": ("Neo4j at {location}: the database kept changing while it was read",
                            "Neo4j（{location}）：读取期间数据库一直在变化"),
    "neo4j.changed": ("Neo4j at {location} changed while this command read it (version {before} -> {after}); read "
                      "again", "Neo4j（{location}）在本命令读取期间发生了变化（版本 {before} -> {after}）；请重新读取"),
    "neo4j.busy": ("Neo4j at {location}: other loads kept changing the database; nothing was written, try again",
                   "Neo4j（{location}）：其他导入一直在修改数据库，未写入任何数据，请重试"),
    "output.failed": ("cannot write {target}: {why}", "无法写入 {target}：{why}"),
    "output.failed_none": ("cannot write {target}: {why}; nothing was written there",
                           "无法写入 {target}：{why}；该处未写入任何内容"),
    "output.failed_some": ("cannot write {target}: {why}; {n} of {total} files were already in place",
                           "无法写入 {target}：{why}；{total} 个文件中已有 {n} 个写好"),
    "output.sync_failed": ("{folder} is written and complete, but syncing its folder failed: {why}",
                           "{folder} 已完整写入，但同步其所在文件夹失败：{why}"),
    "since.bad": ("--since {since!r} is neither a load id (see pairnet history) nor a day (2026-06-30, 2026/6/30 "
                  "or 2026年6月30日)", "--since {since!r} 既不是导入编号（见 pairnet history），也不是日期（2026-06-30、"
                  "2026/6/30 或 2026年6月30日）"),
    "generate.scale": ("--scale must be a number from 0 to {max}, got {scale!r}",
                       "--scale 必须是 0 到 {max} 之间的数，实际为 {scale!r}"),
    "generate.seed": ("--seed must be a whole number >= 0, got {seed!r}", "--seed 必须是不小于 0 的整数，实际为 {seed!r}"),
    "store.lock_timeout": ("PAIRNET_LOCK_TIMEOUT must be a number of seconds >= 0, got {value!r}",
                           "PAIRNET_LOCK_TIMEOUT 必须是不小于 0 的秒数，实际为 {value!r}"),
    "cypher.too_long": ("the query holds {n:,} characters; at most {max:,} are taken",
                        "查询有 {n:,} 个字符；最多接受 {max:,} 个"),
    "cypher.too_deep": ("the query nests brackets {n:,} deep; at most {max:,} are taken",
                        "查询中的括号嵌套了 {n:,} 层；最多接受 {max:,} 层"),
    "file.too_deep": ("it nests lists or tables thousands deep", "其中的列表或表格嵌套了数千层"),
    "store.disk_full_free": ("the disk is full ({free:,} bytes free; a new store needs {need:,})",
                             "磁盘已满（剩余 {free:,} 字节；新建数据库需要 {need:,} 字节）"),
    "disk.quota": ("the disk quota is exhausted", "磁盘配额已用完"),
    "disk.full_detail": ("the disk is full ({detail})", "磁盘已满（{detail}）"),
    "os.error": ("{where}{why}", "{where}{why}"),
    "os.ENOENT": ("No such file or directory", "文件或文件夹不存在"),
    "os.EACCES": ("Permission denied", "没有权限"),
    "os.EISDIR": ("Is a directory", "这是文件夹"),
    "os.ENOTDIR": ("Not a directory", "不是文件夹"),
    "os.ENOSPC": ("No space left on device", "磁盘空间不足"),
    "os.EEXIST": ("File exists", "文件已存在"),
    "neo4j.uri": ("not a Neo4j URI: {uri!r} (use bolt://HOST:PORT or neo4j://HOST:PORT)",
                  "不是 Neo4j 地址：{uri!r}（应为 bolt://主机:端口 或 neo4j://主机:端口）"),
    "neo4j.connect": ("cannot connect to Neo4j at {location} as {user!r}: {why}",
                      "无法以 {user!r} 连接 {location} 上的 Neo4j：{why}"),
    "store.repeats": ("not written: the network repeats {what}", "未写入：网络中有重复的 {what}"),
    "profile.scale": ("scale must be positive, got {scale}", "规模必须大于 0，现为 {scale}"),
    "profile.unknown": ("unknown profile {name!r}; choose one of: {profiles}", "没有样例县 {name!r}；可选：{profiles}"),
    "polygons.needed": ("adjacency from polygons needs a GeoJSON file (--polygons FILE)",
                        "按边界判定相邻需要 GeoJSON 文件（--polygons 文件）"),
    "polygons.not_collection": ("{path} is not a GeoJSON FeatureCollection", "{path} 不是 GeoJSON FeatureCollection"),
    "polygons.no_village": ("{path}: feature {i} has no village_id property", "{path}：第 {i} 个要素没有 village_id 属性"),
    "format.unknown": ("unknown format {fmt!r}; use one of {formats}", "不支持的格式 {fmt!r}；可选 {formats}"),
    "format.xlsx_out": ("--format xlsx needs --out FILE", "--format xlsx 需要 --out 文件"),
    "write.failed": ("cannot write {path}: {why}", "无法写入 {path}：{why}"),
    "write.xlsx_rows": ("sheet {sheet} has {n:n} rows, more than XLSX allows; write CSV instead",
                        "工作表 {sheet:sheet} 有 {n:n} 行，超过 XLSX 的上限；请改写 CSV"),
    "polygons.coords": ("village polygon coordinates are not lists of [longitude, latitude]: {why}",
                        "村边界的坐标不是 [经度, 纬度] 列表：{why}"),
    "polygons.kind": ("village polygons must be Polygon or MultiPolygon geometries, not {kind}",
                      "村边界必须是 Polygon 或 MultiPolygon，不能是 {kind}"),
    "polygons.unreadable": ("cannot read village polygons from {path}: {why}", "无法读取村边界文件 {path}：{why}"),
    "adjacency.unknown": ("unknown adjacency source {source}; use one of {sources}",
                          "未知的相邻来源 {source}；可用：{sources}"),
    "param.bad": ("--param {pair!r}: expected NAME=VALUE", "--param {pair!r}：应写成 名称=值"),
    "engine.unknown": ("unknown engine {engine!r}: choose cypher or networkx",
                       "不支持的引擎 {engine!r}：可选 cypher 或 networkx"),
    "engine.needs_store": ("engine cypher needs a store: an in-memory network has no database "
                           "(use networkx, or no engine)",
                           "cypher 引擎需要数据库：内存中的网络没有数据库（请用 networkx，或不指定引擎）"),
    "date.bad": ("as-of day {value!r} is not a date YYYY-MM-DD (2026-06-30, 2026/6/30, 2026-6-30 or 2026年6月30日)",
                 "日期 {value!r} 无法识别（可写 2026-06-30、2026/6/30、2026-6-30 或 2026年6月30日）"),
    "file.unreadable": ("{what} {path}: {why}", "{what} {path}：{why}"),
    "text.encoding": ("{what} {path} is neither UTF-8 nor GBK text", "{what} {path} 既不是 UTF-8 也不是 GBK 编码的文本"),
    "household.unknown": ("no household {id!r} in the store", "数据库中没有农户 {id!r}"),
    "sizes.bad": ("committee sizes need 1 <= min <= max, got min {lo}, max {hi}",
                  "联村党委村数须满足 1 ≤ 最少 ≤ 最多，现为最少 {lo}、最多 {hi}"),
    "usage.no_option": ("no such option: {name}", "没有选项 {name}"),
    "usage.missing": ("missing {param}", "缺少 {param}"),
    "usage.needs_value": ("option {name} requires an argument", "选项 {name} 需要一个值"),
    "usage.bad_value": ("invalid value for {param}: {value}", "{param} 的值无效：{value}"),
    "usage.choice": ("{value!r} is not one of {choices}", "{value!r} 不是可选值（{choices}）"),
    "usage.no_command": ("no such command {name!r}", "没有命令 {name!r}"),
    "usage.extra": ("unexpected extra argument {value!r}", "多余的参数 {value!r}"),
    "usage.hint": ("Try '{command} --help' for help.", "用 '{command} --help' 查看帮助。"),
    # policy and plan files
    "policy.file": ("policy file", "政策文件"),
    "plan.file": ("plan file", "规划文件"),
    "polygons.file": ("village polygons", "村边界文件"),
    "policy.unreadable": ("policy file {path}: {why}", "政策文件 {path}：{why}"),
    "policy.until": ("policy: continuity_until must be a date YYYY-MM-DD, got {got}",
                     "政策：continuity_until 应为日期（年-月-日），现为 {got}"),
    "policy.kinds": ("policy: visit_kinds must be a list of {kinds}, got {got}",
                     "政策：visit_kinds 应为以下取值的列表：{kinds}，现为 {got}"),
    "policy.leave": ("policy: leave_excuses must be true or false, got {got}",
                     "政策：leave_excuses 应为 true（是）或 false（否），现为 {got}"),
    "policy.toml": ("policy file {path} is not valid TOML: {why}", "政策文件 {path} 不是有效的 TOML：{why}"),
    "policy.toml_at": ("{why} (at line {line}, column {col})", "第 {line} 行第 {col} 列有误"),
    "policy.unknown_keys": ("policy file {path}: unknown key(s) {keys} (known: {known})",
                            "政策文件 {path}：不认识的项 {keys}（可用：{known}）"),
    "policy.quota_table": ("policy file {path}: quota must be a table, e.g. [quota] section = 4",
                           "政策文件 {path}：quota 必须是表，例如 [quota] section = 4"),
    "policy.unknown_ranks": ("policy: unknown rank(s) in quota: {ranks} (known: {known})",
                             "政策：quota 中有不认识的职级 {ranks}（可用：{known}）"),
    "policy.too_big": ("policy: {name} may be at most {max:,}, got {value!r}",
                       "策略：{name} 最大为 {max:,}，实际为 {value!r}"),
    "policy.whole": ("policy: {name} must be a whole number >= 0, got {value!r}",
                     "政策：{name} 必须是不小于 0 的整数，现为 {value!r}"),
    "plan.unreadable": ("plan file {path}: {why}", "规划文件 {path}：{why}"),
    "plan.json": ("plan file {path} is not JSON: {why}", "规划文件 {path} 不是有效的 JSON：{why}"),
    "plan.shape": ("plan file {path} is not a committee plan: expected "
                   '{{"committees": [{{"committee_id", "villages", "lead_village_id"}}], "unplaced": [...]}}',
                   "规划文件 {path} 不是联村党委规划：应含 committees（committee_id、villages、lead_village_id）"),
    "plan.kind": ("plan file {path}: give the JSON, XLSX or CSV folder that `pairnet committees plan` wrote",
                  "规划文件 {path}：请给 pairnet committees plan 写出的 JSON、XLSX 或 CSV 文件夹"),
    "plan.no_sheet": ("plan file {path} has no committees and committee_villages sheets",
                      "规划文件 {path} 中没有“联村党委”和“联村党委成员村”两张表"),
    # workbook faults
    "workbook.faults": ("{source}: {n} fault{n:s}, nothing was loaded", "{source}：发现 {n} 处错误，未导入任何数据"),
    "workbook.more": ("... and {more} more ({n} faults in all)", "……另有 {more} 处（共 {n} 处）"),
    "fault.where": ("{sheet}{row}{key}", "{sheet}{row}{key}"),
    "fault.row": (" row {row}", " 第 {row} 行"),
    "fault.key": (" ({key})", "（{key}）"),
    "fault.line": ("{where}, {column}: {value}{message}", "{where}，{column}：{value}{message}"),
    "fault.line_sheet": ("{where}: {value}{message}", "{where}：{value}{message}"),
    "fault.required": ("is required", "必须填写"),
    "fault.not_value": ("is not a known {what}: use {shown}", "不是可识别的值，可填：{shown}"),
    "fault.not_bool": ("is not yes or no (true/false, 1/0, 是/否)", "不是“是/否”"),
    "fault.not_whole": ("is not a whole number", "不是整数"),
    "fault.not_number": ("is not a number", "不是数字"),
    "fault.phone": ("is not an 11-digit phone number", "不是 11 位电话号码"),
    "fault.below": ("must be at least {min}", "不能小于 {min}"),
    "fault.not_date": ("is not a date (use YYYY-MM-DD)", "不是日期（请写成 2026-06-30 的样式）"),
    "fault.not_real_date": ("is not a real date", "不是真实存在的日期"),
    "fault.outside": ("is outside {lo}-{hi}", "不在 {lo}–{hi} 年之间"),
    "fault.id_number": ("is not an ID number (18 characters: 17 digits and a check digit or X; or 15 digits)",
                        "不是身份证号码（18 位：17 位数字加校验位或 X；或 15 位数字）"),
    "fault.check_character": ("has a wrong check character", "校验位不对"),
    "fault.exit_year": ("is set but the household's status is {status}, not exited",
                        "已填写，但该户状态为“{status}”，不是已脱贫"),
    "fault.before_since": ("is before since ({since})", "早于开始日期（{since}）"),
    "fault.same_village": ("is the same village as {other}", "与 {other} 是同一个村"),
    "fault.twice": ("is given twice (first at row {row})", "重复出现（首次在第 {row} 行）"),
    "fault.pair_twice": ("the same pair is given twice (first at row {row})", "同一对重复出现（首次在第 {row} 行）"),
    "fault.helper_twice": ("is also a leader_id (leaders row {row}); helper ids must be unique",
                           "同时也是领导编号（县级领导表第 {row} 行）；帮扶人编号不能重复"),
    "fault.helper_twice_store": ("is also a leader_id (the store's leaders); helper ids must be unique",
                                 "同时也是数据库中的领导编号；帮扶人编号不能重复"),
    "fault.not_in": ("is not in {sheets}", "在{sheets}表中找不到"),
    "fault.sheet_missing": ("required sheet is missing", "缺少必需的表"),
    "fault.column_missing": ("required column is missing (header {header}{aliases})", "缺少必需的列（表头 {header}{aliases}）"),
    "fault.column_twice": ("column given twice (as {a} and {b})", "列重复（{a} 和 {b}）"),
    "fault.sheet_twice": ("given twice: as {a} and as {b}", "重复给出：{a} 和 {b}"),
    "fault.no_header": ("no header row found in the first {rows} rows (expected columns: {expected})",
                        "前 {rows} 行中找不到表头（应有列：{expected}）"),
    "fault.encoding": ("cannot read the file's text: not {encodings}", "无法读取文件文字：既不是 {encodings}"),
    "read.one_csv": ("{path} is one CSV file whose name is not a sheet name; name it after its sheet "
                     "(e.g. pairings.csv) or give the folder that holds the workbook's CSV files",
                     "{path} 是单个 CSV 文件，但文件名不是表名；请按表命名（如 结对帮扶.csv 或 pairings.csv），"
                     "或给出存放台账 CSV 文件的文件夹"),
    "read.not_workbook": ("{path} is neither a folder of CSV files nor an .xlsx workbook",
                          "{path} 既不是 CSV 文件夹，也不是 .xlsx 工作簿"),
    "read.missing": ("{path} does not exist", "{path} 不存在"),
    "read.no_csv": ("{path} holds no CSV files", "{path} 中没有 CSV 文件"),
    "read.bad_xlsx": ("cannot open {path} as an .xlsx workbook: {why}", "无法以 .xlsx 工作簿打开 {path}：{why}"),
    # counts, titles
    "count.rows": ("{n:n} row{n:s}", "共 {n:n} 行"),
    "none": ("(none)", "（无）"),
    "title.count": ("{title} ({n})", "{title}（{n}）"),
    # progress
    "step.generate": ("Generating {profile} x{scale}", "正在生成 {profile}（×{scale}）"),
    "step.read": ("Reading and checking {path}", "正在读取并检查 {path}"),
    "step.write": ("Writing {path}", "正在写入 {path}"),
    "step.store": ("Reading the store", "正在读取数据库"),
    "step.analyse": ("Analysing", "正在分析"),
    "step.report": ("Writing the report", "正在生成报告"),
    "step.map": ("Drawing the map", "正在绘制地图"),
    "step.export": ("Exporting", "正在导出"),
    "step.plan": ("Planning committees", "正在规划联村党委"),
    "step.demo_generate": ("Generating the {profile} profile (scale {scale}, seed {seed}) ...",
                           "正在生成 {profile} 样例县（规模 {scale}，种子 {seed}）……"),
    "step.demo_load": ("Loading {workbook} into {db} ...", "正在把 {workbook} 导入 {db}……"),
    # load
    "load.loaded": ("{source} loaded into {store}", "{source} 已导入 {store}"),
    "load.appended": ("{source} appended to {store}", "{source} 已追加到 {store}"),
    "load.events": ("{sheet}: +{n}", "{sheet}：新增 {n} 条"),
    "load.nothing": ("{source}: nothing written", "{source}：未写入任何数据"),
    "load.no_changes": ("no changes: the store already holds this workbook's content",
                        "无变化：数据库中已有该台账的全部内容"),
    "load.line": ("{sheet} ({type}): +{added} -{removed}{changed}", "{sheet}（{type}）：新增 {added}，删除 {removed}{changed}"),
    "load.changed": (" ~{n}", "，修改 {n}"),
    # info
    "info.store": ("store: {kind} {location}", "数据库：{kind} {location}"),
    # gaps
    "gaps.head": ("Gaps on {as_of}: {n:n} in all", "{as_of} 的缺口：共 {n:n} 个"),
    "reason.team": ("team {n} of {of}", "工作队{n}人（应有{of}人）"),
    # balance
    "balance.head": ("Helper load on {as_of} against the quota (county {county}, section {section}, staff {staff}, "
                     "village {village})",
                     "{as_of} 帮扶人帮扶户数与定额（县处级 {county}、科级 {section}、一般干部 {staff}、村干部 {village}）"),
    "balance.capacity": ("{households_in_need:n} households in need; {helpers:n} active helpers have {capacity:n} "
                         "quota places; shortfall {shortfall:n}",
                         "需帮扶 {households_in_need:n} 户；{helpers:n} 名在岗帮扶人按定额可帮扶 {capacity:n} 户；"
                         "缺口 {shortfall:n} 户"),
    "balance.more": ("more helpers to close it: county {county}, section {section}, staff {staff}, village {village}",
                     "补足缺口还需帮扶人：县处级 {county}、科级 {section}、一般干部 {staff}、村干部 {village}"),
    "balance.leaders": ("(leaders, no unit)", "（县级领导，无单位）"),
    "balance.detail": ("{n:n} helpers ({over:n} over quota): add --detail to list them, or --format csv|xlsx --out FILE",
                       "共 {n:n} 名帮扶人（{over:n} 名超额）：加 --detail 列出，或用 --format csv|xlsx --out 文件 导出"),
    # chain
    "chain.household": ("Household {id} {name} ({status:v.status}): {need}, {helped} on {as_of}",
                        "农户 {id} {name}（{status:v.status}）：{need}，{as_of} {helped}"),
    "chain.in_need": ("in need", "需要帮扶"),
    "chain.not_in_need": ("not in need", "不需要帮扶"),
    "chain.helped": ("helped", "有在岗帮扶人"),
    "chain.alarm": ("NO ACTIVE HELPER", "无在岗帮扶人！"),
    "chain.no_helper": ("no active helper", "无在岗帮扶人"),
    "chain.none": ("{part}: none", "{part}：无"),
    "chain.unknown": ("{part}: unknown", "{part}：不详"),
    "link.household": ("household", "农户"),
    "link.helper": ("helper", "帮扶人"),
    "link.village": ("village", "村"),
    "link.packaging_unit": ("packaging unit", "包抓单位"),
    "link.packaging_leader": ("packaging leader", "包抓领导"),
    "link.first_secretary": ("first secretary", "第一书记"),
    "link.team": ("team", "工作队"),
    "link.stationed": ("stationed", "驻村干部"),
    "link.town": ("town", "乡镇"),
    "link.liaison": ("liaison", "联系领导"),
    "link.liaising_leader": ("liaising leader", "联系领导"),
    "chain.village": ("village {id} {name} ({kind:v.village_kind})", "村 {id} {name}（{kind:v.village_kind}）"),
    "chain.town": ("town {id} {name}", "乡镇 {id} {name}"),
    "state.current": ("current", "有效"),
    "state.inactive": ("current, cadre inactive", "有效，但干部不在岗"),
    "state.ended": ("ended {day}", "已于 {day} 结束"),
    "state.from": ("from {day}", "自 {day} 起"),
    # propose
    "propose.head": ("{proposed:n} proposals for {households:n} households without a helper ({spare:n} spare places); "
                     "{uncovered:n} left uncovered",
                     "为 {households:n} 户无帮扶人的农户提出 {proposed:n} 条结对建议（空余名额 {spare:n} 个）；"
                     "{uncovered:n} 户仍未覆盖"),
    "propose.tiers": ("by tier: village {village}, town {town}, anywhere {anywhere}",
                      "按层级：本村 {village}，本乡镇 {town}，其他 {anywhere}"),
    "propose.next": ("review the file, then load the approved rows: pairnet load --append FILE",
                     "审核文件后导入同意的结对：pairnet load --append 文件"),
    "why.unit_packages": ("unit {via} packages {v}", "所在单位 {via} 包抓 {v}"),
    "why.stationed": ("stationed in {v} as {via}", "驻 {v} 任{via:v.role}"),
    "why.leader_packages": ("leader packages {v}", "县级领导包抓 {v}"),
    "why.town": ("works in town {town}", "在乡镇 {town} 有工作联系"),
    "why.anywhere": ("spare quota, no tie to the village or town", "有空余名额，与该村和乡镇无联系"),
    "why.colleague": ("colleague in unit {via} of the helper who left", "与离任帮扶人同在单位 {via}"),
    # committees
    "com.plan": ("committee plan", "联村党委规划"),
    "com.check": ("committee check", "联村党委检查"),
    "com.head": ("{title}: {committees} committees over {placed} of {villages} villages ({share:.1%} placed)",
                 "{title}：{committees} 个联村党委，覆盖 {villages} 个村中的 {placed} 个（{share:.1%}）"),
    "com.adjacency": ("adjacency from {source:v.adjacency_source}; {isolated} isolated villages{unlocated}",
                      "相邻关系来自{source:v.adjacency_source}；孤立村 {isolated} 个{unlocated}"),
    "com.unlocated": (" ({n} without {what:v.adjacency_missing})", "（{n} 个{what:v.adjacency_missing}）"),
    "com.metrics": ("industry purity {purity:.3f}; sizes {lo}..{hi} (mean {mean}, std {std}); households per "
                    "committee mean {hh}, cv {cv}",
                    "产业一致度 {purity:.3f}；村数 {lo}–{hi}（平均 {mean}，标准差 {std}）；每个联村党委平均 {hh} 户，"
                    "变异系数 {cv}"),
    "com.violations": ("hard-rule violations: {n}", "硬性规则违规：{n} 项"),
    "com.violation": ("  ! {committee_id} {rule:v.rule}: {detail:v.detail}", "  ! {committee_id} {rule:v.rule}：{detail:v.detail}"),
    "com.unplaced": ("unplaced: {reasons}", "未编入：{reasons}"),
    "com.unplaced_reason": ("{n} {reason}", "{reason:v.reason} {n} 个"),
    "com.unplaced_row": ("  {village_id} {name}: {reason:v.reason}", "  {village_id} {name}：{reason:v.reason}"),
    "com.row": ("  {committee_id}  lead {lead}  {size} villages, {households} households, {industry}: {villages}",
                "  {committee_id}  牵头村 {lead}  {size} 个村，{households} 户，{industry}：{villages}"),
    "com.next": ("write it with --format xlsx --out plan.xlsx (or csv) to review; load an adopted plan with "
                 "pairnet load --append",
                 "用 --format xlsx --out 规划.xlsx（或 csv）写出审核；采用的规划用 pairnet load --append 导入"),
    "detail.size": ("{n} villages, allowed {lo}..{hi}", "{n} 个村，应为 {lo}–{hi} 个"),
    "detail.contiguous": ("villages fall into {n} separate groups in the adjacency graph", "村在相邻关系中分成 {n} 块，不连片"),
    "detail.lead_missing": ("no lead village", "没有牵头村"),
    "detail.lead_not_member": ("lead village {v} is not a member", "牵头村 {v} 不是成员村"),
    "detail.lead_not_strong": ("lead village {v} is rated {rating}", "牵头村 {v} 的评定为{rating:v.branch_rating}"),
    "detail.weak": ("weak village {v} has no strong or good village in its committee", "软弱涣散村 {v} 所在联村党委中没有“好”或“较好”的村"),
    "detail.towns": ("villages of {n} towns: {towns}", "村分属 {n} 个乡镇：{towns}"),
    "detail.two": ("village {v} is in {committees}", "村 {v} 同时属于 {committees}"),
    # export, generate, report, maps, demo
    "export.admin": ("wrote {n} files to {out}\nstop Neo4j, then build database {database!r} from them with:\n  {command}",
                     "已向 {out} 写入 {n} 个文件\n停止 Neo4j 后，用以下命令由这些文件建立数据库 {database!r}：\n  {command}"),
    "export.workbook": ("wrote the {fmt} workbook {target}: {counts}", "已写出 {fmt} 台账 {target}：{counts}"),
    "export.masked": ("ID and phone numbers are masked; add --show-pii for a workbook that loads back",
                      "身份证号和电话已脱敏；要能重新导入，请加 --show-pii"),
    "generate.done": ("Wrote {path} and {truth} (as of {as_of})\nNodes: {nodes}\nPlanted gaps: {gaps}",
                      "已写出 {path} 和 {truth}（判定日期 {as_of}）\n节点：{nodes}\n预置缺口：{gaps}"),
    "wrote": ("Wrote {path}", "已写出 {path}"),
    "template.wrote": ("wrote {path}: an empty {kind} with the headers pairnet reads, a 填表说明 sheet and dropdowns; "
                       "fill it in and run: pairnet load {path}",
                       "已写出 {path}：空白{kind}，含 pairnet 能读的表头、填表说明和下拉选项；填好后运行：pairnet load {path}"),
    "template.ledger": ("ledger", "台账"),
    "template.workbook": ("workbook", "规范工作簿"),
    "map.wrote": ("Wrote {path}: {title} ({nodes:n} nodes, {edges:n} edges)", "已写出 {path}（{nodes:n} 个节点，{edges:n} 条连线）"),
    "demo.text": ("Loaded: {nodes}\nGaps on {as_of} (the generator's as-of day):\n{gaps}\nFive most overloaded helpers:\n"
                  "{top}\nReport: {report}\n{default}\nTry next:\n{next}",
                  "已导入：{nodes}\n{as_of}（生成器的判定日期）的缺口：\n{gaps}\n超额最多的五名帮扶人：\n{top}\n报告：{report}\n"
                  "{default}\n接下来可以试：\n{next}"),
    "demo.default": ("\nThe default store is now {db}: commands without --db use it until a ./pairnet.db exists.",
                     "\n现在默认数据库是 {db}：在出现 ./pairnet.db 之前，不加 --db 的命令都用它。"),
    "demo.approved": ("(once the proposals are approved)", "（建议审核同意后）"),
    "demo.no_report": ("(not written)", "（未写出）"),
}
for _k, _v in _SUPERVISION_HEADERS_ZH.items():
    HEADERS_ZH.setdefault(_k, _v)
for _c, _m in _SUPERVISION_VALUES_ZH.items():
    VALUES_ZH[_c] = {**_m, **VALUES_ZH.get(_c, {})}
VALUES_ZH["link"] = {k[5:]: zh for k, (_, zh) in MESSAGES.items() if k.startswith("link.")}
# Workbook fault messages, as the loader words them in English (column-wise checks build them by the million,
# so they stay text); their Chinese form, matched here. Group ``sheets`` holds sheet names joined by " or ".
FAULT_PATTERNS: list[tuple[_re.Pattern[str], str]] = [(_re.compile(p), k) for p, k in [
    (r"is required", "fault.required"),
    (r"is not a known (?P<what>.+): use (?P<shown>.+)", "fault.not_value"),
    (r"is not yes or no \(true/false, 1/0, 是/否\)", "fault.not_bool"),
    (r"is not a whole number", "fault.not_whole"),
    (r"is not a number", "fault.not_number"),
    (r"is not an 11-digit phone number", "fault.phone"),
    (r"must be at least (?P<min>\S+)", "fault.below"),
    (r"is not a date \(use YYYY-MM-DD\)", "fault.not_date"),
    (r"is not a real date", "fault.not_real_date"),
    (r"is outside (?P<lo>\d+)-(?P<hi>\d+)", "fault.outside"),
    (r"is not an ID number \(.*\)", "fault.id_number"),
    (r"has a wrong check character", "fault.check_character"),
    (r"is set but the household's status is (?P<status>\S+), not exited", "fault.exit_year"),
    (r"is before since \((?P<since>.+)\)", "fault.before_since"),
    (r"is the same village as (?P<other>\S+)", "fault.same_village"),
    (r"is given twice \(first at row (?P<row>\d+)\)", "fault.twice"),
    (r"the same pair is given twice \(first at row (?P<row>\d+)\)", "fault.pair_twice"),
    (r"is also a leader_id \(leaders row (?P<row>\d+)\); helper ids must be unique", "fault.helper_twice"),
    (r"is also a leader_id \(the store's leaders\); helper ids must be unique", "fault.helper_twice_store"),
    (r"is not in (?P<sheets>.+)", "fault.not_in"),
    (r"required sheet is missing", "fault.sheet_missing"),
    (r"required column is missing \(header (?P<header>'[^']*')(?: or (?P<aliases>.+))?\)", "fault.column_missing"),
    (r"column given twice \(as (?P<a>'[^']*') and (?P<b>'[^']*')\)", "fault.column_twice"),
    (r"given twice: as (?P<a>'[^']*') and as (?P<b>'[^']*')", "fault.sheet_twice"),
    (r"no header row found in the first (?P<rows>\d+) rows \(expected columns: (?P<expected>.+)\)", "fault.no_header"),
    (r"cannot read the file's text: not (?P<encodings>.+)", "fault.encoding"),
]]


def translate_fault(text: Any, lang: str) -> str:
    """A workbook fault's message in ``lang`` (the English text as the loader wrote it, or a ``Text``)."""
    if isinstance(text, Text) or lang == "en":
        return render(text, lang)
    for pattern, key in FAULT_PATTERNS:
        hit = pattern.fullmatch(str(text))
        if hit:
            fields = {k: v for k, v in hit.groupdict().items()}
            if fields.get("sheets"):
                fields["sheets"] = "或".join(sheet_name(x, lang) for x in fields["sheets"].split(" or "))
            if "aliases" in fields:
                fields["aliases"] = f" 或 {fields['aliases']}" if fields["aliases"] else ""
            return MESSAGES[key][1].format(**fields)
    return _translate_fault_prefix(str(text)) or str(text)


# --- command line help: one text and one example per command, and every option ---------------------------
HELP: dict[str, tuple[str, str]] = {
    "main": ("pairnet: load pairing and assistance networks (结对帮扶) into a graph database, find coverage gaps, "
             "check helper load against quotas, propose how to close gaps, plan joint committees and draw maps.",
             "pairnet：把结对帮扶台账导入图数据库，查找帮扶缺口，核对帮扶人定额，提出补缺结对建议，规划联村党委，绘制网络图。"),
    "demo": ("Generate the Ziyang county (31,083 households), load it into an embedded store in ./pairnet-demo/, "
             "print the gap summary and the most overloaded helpers, write the HTML report, and say what to try "
             "next. Afterwards commands without --db use the demo store until a ./pairnet.db exists.",
             "生成紫阳县样例（31,083 户），导入 ./pairnet-demo/ 中的嵌入式数据库，显示缺口汇总和超额最多的帮扶人，"
             "写出网页报告，并提示下一步。此后在出现 ./pairnet.db 之前，不加 --db 的命令都使用演示数据库。"),
    "generate": ("Generate a synthetic county workbook with planted gaps, and truth.json listing what was planted.",
                 "生成带预置缺口的样例县台账，以及列出预置内容的 truth.json。"),
    "load": ("Load a workbook (a folder of CSV files, or one .xlsx) into the store and print what changed. "
             "Headers and values may be English or Chinese; CSV may be UTF-8 or GB18030/GBK. The whole workbook "
             "is checked first: on any fault every fault is listed (sheet, row, key, column, value), nothing is "
             "written and the exit code is 2. By default the store becomes equal to the workbook.",
             "把台账（CSV 文件夹或一个 .xlsx）导入数据库，并显示变化。表头和取值可用中文或英文；CSV 可为 UTF-8 或 "
             "GB18030/GBK。先检查整个台账：有错误时列出全部错误（表、行、编号、列、值），不写入任何数据，退出码为 2。"
             "默认导入后数据库与台账完全一致。"),
    "info": ("Store kind and location, and the number of nodes per label and relationships per type. "
             '--format json prints exactly {"nodes": {label: n}, "relationships": {type: n}}.',
             "数据库类型和位置，以及各类节点和关系的数量。--format json 只输出节点和关系的数量。"),
    "cypher": ("Run a read-only Cypher QUERY with parameters and print its rows.",
               "运行只读的 Cypher 查询（可带参数），输出结果行。"),
    "export": ("Export the stored network as a workbook, or as neo4j-admin import files plus the command to run.",
               "把数据库导出为台账，或导出为 neo4j-admin 导入文件并给出导入命令。"),
    "gaps": ("Coverage gaps: households in need without an active helper (and why), poor villages without a "
             "packaging unit, first secretary or full work team, deep villages without a leader, towns without a "
             "liaising leader. Summary first, then the gaps grouped by town and village.",
             "帮扶缺口：需帮扶但无在岗帮扶人的户（及原因），无包抓单位、无第一书记或工作队不足的贫困村，"
             "无县级领导包抓的深度贫困村，无联系领导的乡镇。先列汇总，再按乡镇和村列出明细。"),
    "balance": ('Helper load against the "543" quotas: by rank, by unit and the capacity (households in need, quota '
                "places, shortfall, how many more helpers of each rank); every helper with --detail or in the file.",
                "帮扶人帮扶户数与“543”定额：按职级、按单位和帮扶能力（需帮扶户数、按定额可帮扶户数、缺口、各职级还需"
                "多少帮扶人）；加 --detail 或导出文件可看每名帮扶人。"),
    "chain": ("The responsibility chain of HOUSEHOLD_ID: its helpers (rank, unit), its village's packaging units "
              "and leader, first secretary and team, and its town's liaising leader, each marked current or not.",
              "农户的帮扶责任链：帮扶人（职级、单位），所在村的包抓单位和领导、第一书记和工作队，所在乡镇的联系领导，"
              "并标明是否有效。"),
    "propose": ("Propose helpers for households without one: a minimum-cost flow within the spare quota, "
                "preferring a helper whose unit packages (or who is stationed in) the household's village, then the "
                "same town, then any. The XLSX/CSV is the pairings sheet with names beside codes: review it, then "
                "pairnet load --append FILE.",
                "为无帮扶人的户提出结对建议：在空余定额内按最小费用流分配，优先本村包抓单位或驻村的帮扶人，"
                "其次本乡镇，再其次其他。XLSX/CSV 即结对帮扶表（编号旁附姓名）：审核后用 pairnet load --append 文件 导入。"),
    "committees": ("Joint village committees (联村党委): plan them by adjacency, or check the ones in the store.",
                   "联村党委：按相邻关系规划，或检查数据库中已有的联村党委。"),
    "committees plan": ("Plan contiguous committees of MIN..MAX villages, each led by a strong or good village. "
                        "The XLSX/CSV holds the committees and committee_villages sheets (loadable with "
                        "pairnet load --append), then the violations and the unplaced villages.",
                        "规划连片的联村党委，每个含最少到最多个村（--min、--max），由评定为“好”或“较好”的村牵头。XLSX/CSV 含“联村党委”和"
                        "“联村党委成员村”两表（可用 pairnet load --append 导入），以及违规和未编入的村。"),
    "committees check": ("Check the committees in the store: contiguity, size bounds, lead village, weak villages, "
                         "duplicates. Violations first, then the villages in no committee.",
                         "检查数据库中的联村党委：是否连片、村数范围、牵头村、软弱涣散村、重复。先列违规，再列未加入的村。"),
    "map": ('Interactive offline maps (HTML): the "543" pairing map, the county overview, the joint committees.',
            "可离线打开的交互网络图（HTML）：“543”结对帮扶图、全县总览图、联村党委图。"),
    "map pairing": ('The "543" pairing map: helpers by rank and unit, households by state, active pairings as '
                    "edges, a search box. A whole county too big for a browser is refused: draw one town.",
                    "“543”结对帮扶图：帮扶人按职级和单位，农户按状态，有效结对为连线，带搜索框。全县太大时会拒绝，请画一个乡镇。"),
    "map overview": ("The county at a glance: villages on their coordinates, sized by households and coloured by "
                     "the share of households in need that have a helper.",
                     "全县总览：村按坐标排列，大小表示户数，颜色表示需帮扶户中有帮扶人的比例。"),
    "map committees": ("Villages coloured by joint committee (existing, or a plan), lead villages as stars.",
                       "按联村党委着色的村（现有的或规划的），牵头村为星形。"),
    "history": ("Every load recorded in the store (time, file, content hash, what changed); with an ID, that "
                "household's or helper's ties over time.",
                "数据库记录的每次导入（时间、文件、内容校验值、变化）；给出编号时，显示该户或该帮扶人的结对变化。"),
    "changes": ("What the loads after --since changed: pairings begun and ended, households newly monitored or "
                "exited, helpers who left, villages that lost a first secretary or unit, and every other change.",
                "--since 之后的导入改变了什么：新结对和结束的结对、新增监测户和脱贫户、离开的帮扶人、失去第一书记或包抓单位的村，"
                "以及其他一切变化。"),
    "card": ("Household cards (明白卡), A4 and ready to print, one page per household in need: the household, its "
             "helpers with unit and work phone, the packaging unit, the first secretary, the day.",
             "明白卡：可直接打印的 A4 卡片，每户需帮扶户一页：农户、帮扶人及单位和工作电话、包抓单位、第一书记、日期。"),
    "template": ("Write an empty template to fill in: the headers pairnet reads, a 填表说明 sheet, dropdowns for "
                 "every vocabulary, ID, phone and code columns formatted as text.",
                 "写出空白模板：pairnet 能读的表头、填表说明、各取值的下拉选项，身份证号、电话和编码列设为文本。"),
    "report": ("An offline HTML report: gap summary and tables, helper load by rank and unit with charts, "
               "coverage by town, and the maps beside it.",
               "可离线打开的网页报告：缺口汇总和明细、按职级和单位的帮扶负担图表、各乡镇覆盖情况，以及网络图。"),
    "visits": ("Visits (每半月走访): every household in need with its state on the day (no_helper, never, overdue, "
               "ok), each helper's share of households visited in time, and the same by unit and by town. A visit "
               "counts when its kind is in the policy's visit_kinds and it is at most visit_every_days old.",
               "走访情况：每户需帮扶户在当天的状态（无帮扶人、从未走访、逾期、正常），每名帮扶人按时走访的比例，"
               "以及按单位、按乡镇的汇总。走访方式须在政策的 visit_kinds 中，且距今不超过 visit_every_days 天才算数。"),
    "attendance": ("Attendance of stationed cadres in a month: days present, on leave and away without approval, "
                   "against stationed_days_per_month (prorated for a stationing that began or ended in the month).",
                   "驻村干部某月的考勤：在村、请假和未经批准离村的天数，对照每月在村天数要求"
                   "（当月开始或结束驻村的按比例折算）。"),
    "bulletin": ("The monthly bulletin (月度通报) as XLSX and offline HTML: units and towns ranked, the ten best and "
                 "worst helpers, the month's changes and the gaps; every figure can be reproduced with pairnet "
                 "visits, attendance, gaps and changes.",
                 "月度通报（XLSX 和可离线打开的网页）：单位和乡镇排名、前十名和后十名帮扶人、本月变化和缺口；"
                 "每个数字都可用 pairnet visits、attendance、gaps 和 changes 复核。"),
}
EXAMPLES: dict[str, str] = {
    "main": "pairnet demo",
    "demo": "pairnet demo --dir pairnet-demo",
    "generate": "pairnet generate --profile ziyang --out wb --lang zh",
    "load": "pairnet load 2026年结对帮扶台账.xlsx",
    "info": "pairnet info --db pairnet-demo/pairnet.db",
    "cypher": "pairnet cypher 'MATCH (h:Household) WHERE h.members >= $n RETURN count(h) AS n' --param n=6",
    "export": "pairnet export --as neo4j-admin --out import/",
    "gaps": "pairnet gaps --as-of 2026-06-30 --format xlsx --out 缺口.xlsx",
    "balance": "pairnet balance --as-of 2026/6/30 --detail",
    "chain": "pairnet chain 6109240010010001",
    "propose": "pairnet propose --format xlsx --out proposals.xlsx",
    "committees": "pairnet committees plan --within-town",
    "committees plan": "pairnet committees plan --within-town --format xlsx --out plan.xlsx",
    "committees check": "pairnet committees check --format xlsx --out 检查.xlsx",
    "map": "pairnet map overview --out overview.html",
    "map pairing": "pairnet map pairing --town 610924001 --out pairing.html",
    "map overview": "pairnet map overview --out overview.html",
    "map committees": "pairnet map committees --plan plan.xlsx --out committees.html",
    "report": "pairnet report --out report/",
    "template": "pairnet template --out 台账模板.xlsx",
    "history": "pairnet history 6109240010010001",
    "changes": "pairnet changes --since 2026-06-30",
    "card": "pairnet card --village 610924001001 --out cards.html",
    "visits": "pairnet visits --as-of 2026-06-30 --format xlsx --out 走访.xlsx",
    "attendance": "pairnet attendance --month 2026-06",
    "bulletin": "pairnet bulletin --month 2026-06 --out 通报/",
}
OPTION_HELP: dict[str, tuple[str, str]] = {
    "db": ("Embedded store file (env PAIRNET_DB; default ./pairnet.db, or the demo's store after pairnet demo).",
           "嵌入式数据库文件（环境变量 PAIRNET_DB；默认 ./pairnet.db，运行 pairnet demo 后为演示数据库）。"),
    "neo4j": ("Neo4j URI, bolt:// or neo4j:// (env NEO4J_URI; NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE).",
              "Neo4j 地址，bolt:// 或 neo4j://（环境变量 NEO4J_URI；账号等见 NEO4J_USERNAME、 NEO4J_PASSWORD、 NEO4J_DATABASE）。"),
    "format": ("Output format.", "输出格式。"),
    "out": ("Write to this file instead of standard output (required for xlsx).", "写入该文件而不是屏幕（xlsx 必须给）。"),
    "lang": ("Language of the output: zh or en (default: PAIRNET_LANG, else the locale, else zh).",
             "输出语言：zh 或 en（默认取 PAIRNET_LANG，其次系统语言，否则中文）。"),
    "show_pii": ("Show full ID and phone numbers (masked by default).", "显示完整的身份证号和电话（默认脱敏）。"),
    "as_of": ("Judge pairings, stationing and the after-exit window on this day (default today; 2026-06-30, "
              "2026/6/30 or 2026年6月30日).",
              "按这一天判定结对、驻村和脱贫后帮扶期（默认今天；可写 2026-06-30、2026/6/30 或 2026年6月30日）。"),
    "policy": ("Policy TOML: [quota] county/section/staff/village, continuity_years, continuity_until (a date), "
               "min_team.", "政策 TOML 文件：[quota] 各职级定额、脱贫后帮扶年限、过渡期截止日、工作队人数。"),
    "engine": ("Cypher pushdown on the store (the default), or the NetworkX reference on the pulled graph.",
               "在数据库中用 Cypher 计算（默认），或把图取出用 NetworkX 参考实现计算。"),
    "fail_on_gaps": ("Exit with code 1 when any gap is found.", "发现任何缺口时以退出码 1 结束。"),
    "detail": ("List every helper too (the file formats always hold them).", "同时列出每名帮扶人（导出文件中总是包含）。"),
    "append": ("Add and update without removing anything (e.g. to load approved proposals back).",
               "只新增和更新，不删除（例如导入审核同意的结对建议）。"),
    "profile": ("County profile (counts from the source documents).", "样例县类型（数量来自原始文件）。"),
    "scale": ("Multiply every count by this factor.", "所有数量乘以该倍数。"),
    "seed": ("Random seed: same seed, same result.", "随机种子：种子相同，结果相同。"),
    "encoding": ("CSV encoding.", "CSV 编码。"),
    "param": ("A query parameter ($NAME); VALUE is read as JSON when it parses (5, true, [1,2]), else as text.",
              "查询参数（$名称）；值能按 JSON 解析时按 JSON（如 5、[1,2]），否则为文本。"),
    "database": ("Database name in the printed import command.", "导入命令中的数据库名。"),
    "dir": ("Folder for the workbook, the embedded store and the report.", "存放台账、嵌入式数据库和报告的文件夹。"),
    "town": ("Draw one town (its villages, households and helpers).", "只画一个乡镇（其村、户和帮扶人）。"),
    "village": ("Draw one village.", "只画一个村。"),
    "unit": ("Draw one unit's cadres and the households they help.", "只画一个单位的干部及其帮扶的户。"),
    "plan": ("A plan from pairnet committees plan (JSON, XLSX or CSV folder; default: the committees in the store).",
             "pairnet committees plan 写出的规划（JSON、XLSX 或 CSV 文件夹；默认用数据库中的联村党委）。"),
    "polygons": ("GeoJSON of village polygons (property village_id): adjacency = shared borders.",
                 "村边界 GeoJSON（属性 village_id）：有共同边界即相邻。"),
    "adjacency_from": ("Adjacency source (default: the adjacency sheet, or village coordinates when it is empty).",
                       "相邻关系来源（默认相邻村表，表为空时用村坐标）。"),
    "within_town": ("Every committee inside one town.", "每个联村党委不跨乡镇。"),
    "max": ("Most villages per committee.", "每个联村党委最多的村数。"),
    "min": ("Fewest villages per committee.", "每个联村党委最少的村数。"),
    "only_poor": ("Plan poor villages only.", "只规划贫困村。"),
    "help": ("Show this message and exit.", "显示本帮助并退出。"),
    "load.as_": ("Read the file as a flat ledger (台账: one row per household, helpers by name) or as the normalised "
                 "workbook. Default: recognised by the headers.",
                 "按台账（每户一行、帮扶人写姓名）或按规范工作簿读取文件。默认按表头自动识别。"),
    "since": ("A load id (see pairnet history) or a day (2026-06-30).", "导入编号（见 pairnet history）或日期（2026-06-30）。"),
    "card.village": ("One card per household in need of this village.", "该村每户需帮扶户一张卡。"),
    "card.household": ("The card of this household.", "该户的卡。"),
    "card.out": ("The HTML file to write (A4 pages, print it from the browser).", "写出的 HTML 文件（A4 页面，可在浏览器中打印）。"),
    "template.out_path": ("The .xlsx to write.", "写出的 .xlsx 文件。"),
    "kind": ("A flat ledger (台账, one row per household) or the normalised workbook (one sheet per kind).",
             "台账（每户一行）或规范工作簿（每类一张表）。"),
    "template.lang": ("Headers' language (default zh).", "表头的语言（默认中文）。"),
    "card.lang": ("Language of the cards (default zh).", "卡片的语言（默认中文）。"),
    "as": ("A workbook that pairnet load reads, or node/relationship CSV files for neo4j-admin database import "
           "full.", "可被 pairnet load 读取的台账，或供 neo4j-admin database import full 使用的节点和关系 CSV 文件。"),
    "generate.out_dir": ("Folder for the workbook and truth.json.", "存放台账和 truth.json 的文件夹。"),
    "generate.fmt": ("Workbook format.", "台账格式。"),
    "generate.lang": ("Headers, values, file and sheet names in English or Chinese.", "表头、取值、文件名和表名用中文或英文。"),
    "generate.as_of": ("Day the truth is judged on (default: the profile's fixed day).", "判定预置缺口的日期（默认样例县的固定日期）。"),
    "export.out_path": ("Folder to write (CSV workbook, neo4j-admin files), or the .xlsx file.",
                        "写出的文件夹（CSV 台账、neo4j-admin 文件），或 .xlsx 文件。"),
    "export.fmt": ("Workbook format.", "台账格式。"),
    "export.lang": ("Headers, values, file and sheet names in English or Chinese.", "表头、取值、文件名和表名用中文或英文。"),
    "export.show_pii": ("Export full ID and phone numbers (masked by default; a masked workbook does not load back).",
                        "导出完整的身份证号和电话（默认脱敏；脱敏的台账不能重新导入）。"),
    "report.out_dir": ("Folder to write index.html and its maps into.", "写入 index.html 及各网络图的文件夹。"),
    "map pairing.out": ("The HTML file to write (works offline; open it in any browser).", "写出的 HTML 文件（可离线用任意浏览器打开）。"),
    "map overview.out": ("The HTML file to write (works offline; open it in any browser).", "写出的 HTML 文件（可离线用任意浏览器打开）。"),
    "map committees.out": ("The HTML file to write (works offline; open it in any browser).", "写出的 HTML 文件（可离线用任意浏览器打开）。"),
    "version": ("Show the version and exit.", "显示版本并退出。"),
    "month": ("The month (2026-06, 2026/6 or 2026年6月).", "月份（2026-06、2026/6 或 2026年6月）。"),
    "bulletin.out_dir": ("Folder for 通报-YYYY-MM.xlsx and 通报-YYYY-MM.html.", "写入 通报-YYYY-MM.xlsx 和 通报-YYYY-MM.html 的文件夹。"),
    "bulletin.since": ("List the changes after this load or day (default: the month's first day).",
                       "列出该次导入或该日之后的变化（默认本月第一天）。"),
}
HELP_WORDS: dict[str, tuple[str, str]] = {
    "usage": ("Usage: ", "用法："), "options": ("Options", "选项"), "commands": ("Commands", "命令"),
    "example": ("Example", "示例"), "default": ("default", "默认"), "required": ("required", "必填"),
    "OPTIONS": ("[OPTIONS]", "[选项]"), "COMMAND": ("COMMAND [ARGS]...", "命令 [参数]..."),
    "HOUSEHOLD_ID": ("HOUSEHOLD_ID", "户编号"), "QUERY": ("QUERY", "查询"), "URI": ("URI", "地址"),
    "TEXT": ("TEXT", "文本"), "INTEGER": ("INTEGER", "整数"), "FLOAT": ("FLOAT", "数"), "PATH": ("PATH", "路径"),
    "FILE": ("FILE", "文件"), "DIRECTORY": ("DIRECTORY", "文件夹"), "ID": ("ID", "编号"),
    "DATE": ("YYYY-MM-DD", "日期"), "NAME=VALUE": ("NAME=VALUE", "名称=值"),
}


# --- texts of the supervision commands (visits, attendance, bulletin), English and Chinese ----------------
TEXTS: dict[str, dict[str, str]] = {
    "bad_month": {"en": "month {month!r} is not a month YYYY-MM",
                  "zh": "月份 {month!r} 不是 YYYY-MM 格式的月份"},
    "visits_summary": {"en": "{households} households in need on {as_of}: {ok} visited in time, {overdue} overdue, "
                              "{never} never visited, {no_helper} without a helper",
                       "zh": "{as_of} 需帮扶户 {households} 户：按时走访 {ok} 户，走访逾期 {overdue} 户，"
                             "从未走访 {never} 户，无帮扶人 {no_helper} 户"},
    "attendance_summary": {"en": "{cadres} stationed cadres in {month}: {short} short of the required days",
                           "zh": "{month} 驻村干部 {cadres} 人：在村天数不足 {short} 人"},
    "bulletin_title": {"en": "Pairing assistance: monthly bulletin, {month}", "zh": "结对帮扶工作月度通报（{month}）"},
    "bulletin_as_of": {"en": "Judged on {as_of}; every figure can be reproduced with pairnet visits --as-of {as_of}, "
                              "pairnet attendance --month {month}, pairnet gaps --as-of {as_of} and pairnet changes.",
                       "zh": "统计日期 {as_of}；各项数字均可用 pairnet visits --as-of {as_of}、"
                             "pairnet attendance --month {month}、pairnet gaps --as-of {as_of} 和 pairnet changes 复核。"},
    "bulletin_units": {"en": "Units ranked", "zh": "帮扶单位排名"},
    "bulletin_towns": {"en": "Towns ranked", "zh": "乡镇排名"},
    "bulletin_best": {"en": "Ten best helpers (visits in time)", "zh": "按时走访前十名帮扶人"},
    "bulletin_worst": {"en": "Ten worst helpers (visits in time)", "zh": "按时走访后十名帮扶人"},
    "bulletin_changes": {"en": "Changes this month", "zh": "本月变化"},
    "bulletin_gaps": {"en": "Gaps", "zh": "缺口"},
    "bulletin_rule": {"en": "Ranked by the share of visits in time, then the share of stationed cadres with their days, "
                             "then fewest gaps in the villages packaged (units) or in the town (towns).",
                      "zh": "排名依次按：按时走访率（高者前）、驻村干部考勤达标率（高者前）、所包抓村（单位）或本乡镇（乡镇）缺口数（少者前）。"},
    "bulletin_none": {"en": "(none)", "zh": "（无）"},
    "bulletin_no_history": {"en": "no load history in this store: the changes are not known",
                            "zh": "本库没有加载记录，无法列出变化"},
    "bulletin_wrote": {"en": "wrote the bulletin for {month}: {files}", "zh": "已生成 {month} 月度通报：{files}"},
}


def text(key: str, lang: str = "en", **fields: object) -> str:
    """The catalogue text ``key`` in ``lang`` (``en`` or ``zh``), with ``fields`` filled in.

    >>> text("bulletin_title", "zh", month="2026-06")
    '结对帮扶工作月度通报（2026-06）'
    """
    return TEXTS[key]["zh" if lang == "zh" else "en"].format(**fields)


# --- workbook and ledger messages (English, Chinese) ----------------------------------------------------
LEDGER_TEXT: dict[str, tuple[str, str]] = {
    # key: (English, Chinese)
    "recognised": ("read {source} as a flat ledger: {households} household{households:s}, {helpers} "
                   "helper{helpers:s} in {units} unit{units:s}",
                   "已将 {source} 读作结对帮扶台账：{households} 户，{helpers} 名帮扶责任人，{units} 个单位"),
    "skipped": ("skipped {sheets}", "跳过 {sheets}"),
    "unreadable": ("cannot read {file} as a ledger ({error})", "无法把 {file} 读作台账（{error}）：请检查表头与合并单元格，"
                   "或另存为 .xlsx 后重试 / cannot read {file} as a ledger"),
    "list_sep": (", ", "、"),
    "merged": ("merged {what} {spellings} into {into}", "合并{what}：{spellings} 并入 {into}"),
    "merged_more": ("... and {n} more merged", "…… 另有 {n} 处合并"),
    "what_helper": ("helper", "帮扶责任人"),
    "what_unit": ("unit", "单位"),
    "what_village": ("village", "村"),
    "row": ("row {row}", "第{row}行"),
    "shadowed": ("hidden column {column} left out: a visible column gives the same field",
                 "隐藏列 {column} 未读取：已有同名的可见列"),
    "unread": ("{sheet}: columns not read (pairnet does not know these headers): {columns}",
               "{sheet}：以下列未读取（表头无法识别）：{columns}"),
    "more_columns": ("{n} more", "另有 {n} 列"),
    "no_rank": ("{sheet}: no 职级 (rank) column, so every helper named there counts as {rank} (staff, the smallest "
                "quota); add a 职级 column to give their ranks",
                "{sheet}：没有“职级”列，其中的帮扶责任人一律按“{rank}”计（帮扶户数上限最低）；如需按实际职级，请加上“职级”列"),
    "no_rows": ("no household rows below the header (row {row}): fill in the ledger, or check that no 合计 / 填表人 "
                "/ 注 line stands above the data", "表头（第{row}行）下没有任何农户行：请填写台账，或检查数据上方是否有"
                "合计、填表人或注行"),
    "no_header": ("no header row found in the first {n} rows: a flat ledger needs a header with 户主姓名 (or 户编号) "
                  "and 帮扶责任人 columns", "前 {n} 行中找不到表头：台账需要含“户主姓名”（或“户编号”）和“帮扶责任人”的表头行"),
    "missing_column": ("required column is missing: write one of {column}", "缺少必需的列：请加上 {column} 之一"),
    "no_town": ("no 乡镇 column, and the sheet name {sheet!r} names no town: add a 乡镇 column or name the sheet "
                "after its town", "没有“乡镇”列，工作表名“{sheet}”也不是乡镇名：请加“乡镇”列，或以乡镇名命名工作表"),
    "twice": ("column given twice (also as {other})", "列重复（另见 {other}）"),
    "no_household": ("names a helper but no household, and no household row is above it: write the household",
                     "有帮扶责任人但没有农户，上方也没有可接续的农户行：请填写户主"),
    "two_heads": ("household {household} has two members with 与户主关系 = 户主: keep one",
                  "户 {household} 有两名“与户主关系”为户主的成员：只能有一名"),
    "no_head": ("household {household} has no member with 与户主关系 = 户主: mark the head of household",
                "户 {household} 没有“与户主关系”为户主的成员：请标明户主"),
    "required": ("is required", "不能为空"),
    "conflict": ("differs for the same household ({what}: {other!r} at {sheet} row {row}): give one value",
                 "同一户的{what}不一致（{sheet} 第{row}行为“{other}”）：请统一"),
    "helper_conflict": ("differs for the same helper ({what}: {other!r} at {sheet} row {row}): give one value",
                        "同一帮扶责任人的{what}不一致（{sheet} 第{row}行为“{other}”）：请统一"),
    "ambiguous_helper": ("{n} people of this name in {unit!r} are told apart by their phones: give the phone here",
                         "“{unit}”有 {n} 名同名帮扶责任人，靠联系电话区分：请在此行填写联系电话"),
    "no_unit": ("is required for a cadre (only a county-rank leader may have no unit)",
                "干部必须填写工作单位（只有县级领导可以不填）"),
    "roster_unknown": ("is not a household of the ledger: write it as its 户主姓名 is written",
                       "不是台账中的农户：请按户主姓名填写"),
    "roster_ambiguous": ("names {n} households: write the village as well",
                         "对应 {n} 户同名户主：请同时写明所在村"),
    "summary_extra": ("is in the summary sheet {sheet!r} but in no other sheet: add it to its town's sheet",
                      "在汇总表“{sheet}”中，但不在任何乡镇工作表中：请补入所在乡镇的工作表"),
    "pair_twice": ("the same helper and household are paired again with other dates (first at row {row}): keep one "
                   "row, or give the earlier pairing an end date", "同一帮扶责任人与农户重复结对且日期不同（首见第{row}行）："
                   "请只保留一行，或为先前的结对填写结束时间"),
    "field_head_name": ("head of household", "户主姓名"),
    "field_id_number": ("ID number", "身份证号码"),
    "field_village": ("village", "所在村"),
    "field_members": ("household size", "家庭人口"),
    "field_status": ("status", "户类型"),
    "field_exit_year": ("exit year", "脱贫年度"),
    "field_poverty_cause": ("poverty cause", "致贫原因"),
    "field_rank": ("rank", "职级"),
    "field_state": ("state", "在岗状态"),
    "field_unit_kind": ("unit kind", "单位类型"),
}


def ledger_text(key: str, lang: str, **kw: object) -> str:
    """The ledger message ``key`` in ``lang`` (``zh`` or ``en``), filled in with ``kw`` (a ``Text`` value is put
    in its own language)."""
    en, zh = LEDGER_TEXT[key]
    kw = {k: (v.get(lang) if isinstance(v, Text) else v) for k, v in kw.items()}
    return _Formatter(lang).format(zh if lang == "zh" else en, **kw)  # {n:s}: an English plural


def ledger_both(key: str, **kw: object) -> Text:
    """The ledger message ``key`` in both languages."""
    return Text(ledger_text(key, "en", **kw), ledger_text(key, "zh", **kw))


# English fault reasons of the workbook checks and their Chinese (matched at the start of the reason).
_FAULT_PREFIX_ZH: tuple[tuple[str, str], ...] = (
    ("is required", "不能为空"),
    ("is not a whole number", "不是整数"),
    ("is not a number", "不是数字"),
    ("must be at least", "不能小于{rest}"),
    ("is not yes or no", "应为 是/否"),
    ("is not a date", "不是日期（可写 2019-03-15、2019.3.15、2019年3月15日）"),
    ("is not a real date", "不是真实的日期"),
    ("is outside", "超出范围{rest}"),
    ("is not an ID number", "不是身份证号码（18位：17位数字加校验位数字或X；或15位数字）"),
    ("has a wrong check character", "校验位不对：请核对身份证号码"),
    ("is not an 11-digit phone number", "不是11位手机号码"),
    ("is not a known", "不在可选值中{rest}"),
)


def _translate_fault_prefix(message: str) -> str | None:
    """A fault reason matched by its start (the reasons that carry their own detail after a colon)."""
    for en, zh in _FAULT_PREFIX_ZH:
        if message.startswith(en):
            rest = message[len(en):].strip()
            rest = rest.split(":", 1)[1].strip() if ":" in rest else rest
            return zh.format(rest=("：" + rest) if rest else "")
    return None


# --- the loader's messages (reading and checking a workbook), English and Chinese -----------------------
LOADER: dict[str, tuple[str, str]] = {
    # files
    "not_found": ("{path} does not exist", "{path} 不存在"),
    "not_workbook": ("{path} is neither a folder of CSV files nor a workbook (.xlsx, .xls or .csv)",
                     "{path} 既不是 CSV 文件夹，也不是工作簿（.xlsx、.xls 或 .csv）"),
    "no_csv": ("{path} holds no CSV files", "{path} 中没有 CSV 文件"),
    "one_csv_name": ("{path} is one CSV file whose name is not a sheet name; name it after its sheet (e.g. "
                     "pairings.csv) or give the folder that holds the workbook's CSV files",
                     "{path} 是单个 CSV 文件，但文件名不是工作表名：请按工作表命名（如 结对帮扶.csv），或给出存放各 CSV 文件的文件夹"),
    "cannot_open": ("cannot open {path} as {kind}: {why}", "无法以 {kind} 打开 {path}：{why}"),
    "xml_xls": ("{path}: this .xls is an XML spreadsheet: open it in Excel and save as .xlsx",
                "{path}：此 .xls 实为 XML 电子表格：请用 Excel 打开并另存为 .xlsx"),
    "html_xls": ("{path}: this .xls is a web page (HTML): open it in Excel and save as .xlsx",
                 "{path}：此 .xls 实为网页（HTML）：请用 Excel 打开并另存为 .xlsx"),
    "xml_entities": ("the file declares a DOCTYPE or entities, which pairnet does not read",
                     "文件含 DOCTYPE 或实体声明，pairnet 不读取此类文件"),
    "part_too_big": ("{part} unpacks to more than {limit:,} bytes, more than pairnet reads",
                     "{part} 解压后超过 {limit:,} 字节，超出 pairnet 的读取上限"),
    "sheet_too_big": ("the sheet's used range reaches {cell} ({rows:,} rows x {cols:,} columns); pairnet reads at "
                      "most {max_cols:,} columns and {max_cells:,} cells per sheet: delete the stray cells beyond "
                      "the data (select the empty rows and columns, Delete) and save again",
                      "工作表的已用区域到达 {cell}（{rows:,} 行 x {cols:,} 列）；pairnet 每张表最多读取 {max_cols:,} 列、"
                      "{max_cells:,} 个单元格：请删除数据区域以外的零散单元格（选中空行空列后删除）再保存"),
    "no_encoding": ("cannot read the file's text: it is neither UTF-8 nor GB18030/GBK",
                    "无法读取文件文字：既不是 UTF-8，也不是 GB18030/GBK 编码"),
    "mixed_encoding": ("the file mixes text encodings: line(s) {lines} are GBK while the rest is UTF-8; save the "
                       "whole file once as UTF-8 (or as GBK)",
                       "文件混用了文字编码：第 {lines} 行为 GBK，其余为 UTF-8；请将整个文件统一另存为 UTF-8（或 GBK）"),
    "line_too_long": ("line {line}: a cell holds more than {limit:,} characters, more than a cell may hold",
                      "第 {line} 行：有单元格超过 {limit:,} 个字符，超出单元格上限"),
    "csv_line": ("line {line}: {why}", "第 {line} 行：{why}"),
    "unclosed_quote": ("line {line}: a cell opens a quote (\") that is never closed, so the rest of the file would "
                       "be read as that one cell; close the quote or remove it",
                       "第 {line} 行：有单元格以引号（\"）开头却没有结束引号，文件其余部分会被读成这一个单元格；"
                       "请补上结束引号或删除该引号"),
    "mixed_encoding_utf8": ("the file mixes text encodings: line(s) {lines} are UTF-8 while the rest is GBK; save "
                            "the whole file once as UTF-8 (or as GBK)",
                            "文件混用了文字编码：第 {lines} 行为 UTF-8，其余为 GBK；请将整个文件统一另存为 UTF-8（或 GBK）"),
    # sheets and cells as read
    "given_twice_sheet": ("given twice: as {first!r} and as {second!r}", "重复出现：{first!r} 与 {second!r}"),
    "no_header": ("no header row found in the first {n} rows (expected columns: {expected})",
                  "前 {n} 行中没有找到表头（应有的列：{expected}）"),
    "column_twice": ("column given twice (as {first!r} and {second!r})", "列重复（{first!r} 与 {second!r}）"),
    "cell_too_long": ("holds {n:,} characters; a cell may hold at most {limit:,}",
                      "有 {n:,} 个字符；单元格最多 {limit:,} 个字符"),
    "formula_no_value": ("cell {cell} is a formula without a saved value: open the file in Excel, let it "
                         "calculate, and save it (or paste the values)",
                         "单元格 {cell} 是没有保存结果的公式：请用 Excel 打开、计算后保存（或粘贴为数值）"),
    "not_finite_cell": ("cell {cell} holds the number {error}, which no spreadsheet writes: type the value",
                        "单元格 {cell} 中的数字 {error} 不是有限数（电子表格不会写出这样的数）：请重新输入该值"),
    "error_cell": ("cell {cell} holds the error {error}: correct the formula or type the value",
                   "单元格 {cell} 是错误值 {error}：请修正公式或直接填写数值"),
    # checks of one sheet
    "required_sheet": ("required sheet is missing", "缺少必需的工作表"),
    "required_column": ("required column is missing (header {names})", "缺少必需的列（表头 {names}）"),
    "required_cell": ("is required", "必须填写"),
    "pii_in_text": ("holds an ID or mobile number: only the id_number and phone columns keep one sealed; move it "
                    "there or remove it", "含有身份证号或手机号：只有身份证号和电话列会加密保存，请移到该列或删除"),
    "not_in_vocab": ("is not a known {what}: use {shown}", "不是有效的{what_zh}：请填 {shown_zh}"),
    "not_bool": ("is not yes or no (true/false, 1/0, 是/否)", "不是“是”或“否”（是/否、true/false、1/0）"),
    "not_whole": ("is not a whole number", "不是整数"),
    "not_number": ("is not a number", "不是数字"),
    "not_finite": ("is not a finite number", "不是有限的数值"),
    "at_least": ("must be at least {min:g}", "不能小于 {min:g}"),
    "at_most": ("must be at most {max:g}", "不能大于 {max:g}"),
    "looks_like_id": ("looks like an ID number, not a {what}", "像是身份证号码，不是{what_zh}"),
    "not_date": ("is not a date (use YYYY-MM-DD, e.g. 2019-03-15, 2019/3/15 or 2019年3月)",
                 "不是日期（请写成 2019-03-15、2019/3/15 或 2019年3月）"),
    "not_real_date": ("is not a real date", "不是真实存在的日期"),
    "date_outside": ("is outside {low}-{high}", "超出 {low}-{high} 年"),
    "month_unsure": ("is a number cell: 2019.10 typed as a number reads 2019.1, so the month cannot be told; type the "
                     "date as text (2019-10 or 2019-01)",
                     "是数值单元格：2019.10 作为数值会变成 2019.1，无法判断月份；请以文本填写（2019-10 或 2019-01）"),
    "not_id": ("is not an ID number (18 characters: 17 digits and a check digit or X; or 15 digits)",
               "不是身份证号码（18 位：17 位数字加校验码 0-9 或 X；或 15 位旧号码）"),
    "id_check": ("has a wrong check character", "校验码不正确"),
    "id_number_cell": ("was typed into a number cell ({shown}): Excel has already changed its digits. Format the "
                       "column as text and type the numbers again, or export the file again with the column as text",
                       "填在了数值单元格中（{shown}）：Excel 已改变了其中的数字。请把该列设为“文本”格式后重新录入，"
                       "或以文本列重新导出"),
    "other_digits": ("uses digits other than 0-9 ({chars}): type it with 0-9", "含有 0-9 以外的数字（{chars}）：请用 0-9 录入"),
    "not_phone": ("is not an 11-digit phone number", "不是 11 位电话号码"),
    "lost_zeros": ("is a number cell and reads as {expected} without its leading zeros: format the column as text "
                   "and type the codes again", "是数值单元格，像是丢了前导 0 的 {expected}：请把该列设为“文本”格式后重新录入编码"),
    "exit_not_exited": ("is set but the household's status is {status}, not exited",
                        "已填写，但该户状态为 {status_zh}，不是已脱贫"),
    "until_before_since": ("is before since ({since})", "早于开始日期（{since}）"),
    "same_village": ("is the same village as {other}", "与 {other} 是同一个村"),
    "key_twice": ("is given twice (first at row {row})", "重复（首次出现在第 {row} 行）"),
    "pair_twice": ("the same pair is given twice (first at row {row})", "同一对关系重复（首次出现在第 {row} 行）"),
    # across sheets
    "also_leader": ("is also a leader_id ({where}); helper ids must be unique",
                    "同时也是县级领导编号（{where_zh}）；帮扶人编号必须唯一"),
    "not_in": ("is not in {where}", "不在{where_zh}中"),
    "not_in_zeros": ("is not in {where}; {known!r} is: the code may have lost its leading zeros (format the column "
                     "as text and type the codes again)",
                     "不在{where_zh}中；{known!r} 在：编码可能丢了前导 0（请把该列设为“文本”格式后重新录入）"),
    # the error as a whole
    "faults_head": ("{source}: {n} fault{s}, nothing was loaded", "{source}：{n} 处错误，未载入任何内容"),
    "faults_more": ("... and {more} more ({n} faults in all)", "……另有 {more} 处（共 {n} 处）"),
    "row": (" row {row}", " 第 {row} 行"),
}


def loader_text(key: str, **params: object) -> Text:
    """The loader message ``key`` in both languages, filled with ``params`` (``what``/``what_zh`` style pairs:
    a parameter ``x_zh`` is used in the Chinese text, ``x`` in the English)."""
    en, zh = LOADER[key]
    chinese = {**params, **{k[:-3]: v for k, v in params.items() if k.endswith("_zh")}}
    return Text(en.format(**params), zh.format(**chinese))
# --- maps, report and household cards (visualizations/; kept apart from the general strings) ------------------
# key -> (English, Chinese). Placeholders are str.format fields; both languages use the same ones.
MAP_TEXT: dict[str, tuple[str, str]] = {
    # the page itself
    "find": ("Find", "查找"),
    "no_match": ("no match", "没有找到"),
    "search_any": ("Find a name or ID", "查找姓名或编码"),
    "search_pairing": ("Find a helper or household", "查找帮扶人或农户"),
    "search_overview": ("Find a village, town, unit or leader", "查找村、乡镇、单位或领导"),
    "search_village": ("Find a village", "查找村"),
    "whole_county": ("whole county", "全县"),
    "scope_town": ("town {name} ({id})", "{name}（{id}）"),
    "scope_village": ("village {name} ({id})", "{name}（{id}）"),
    "scope_unit": ("unit {name} ({id})", "{name}（{id}）"),
    "no_scope": ("no {kind} with id {id!r}", "没有编码为 {id!r} 的{kind}"),
    "kind_town": ("town", "乡镇"),
    "kind_village": ("village", "村"),
    "kind_unit": ("unit", "单位"),
    "wrote_map": ("Wrote {path}: {title} ({nodes:,} nodes, {edges:,} edges)",
                  "已写入 {path}：{title}（{nodes:,} 个节点，{edges:,} 条连线）"),
    # the pairing map
    "pairing_title": ("Pairing map (结对帮扶): {what}, {day}", "结对帮扶图：{what}，{day}"),
    "pairing_sub": ("{helpers:,} helpers, {households:,} households; in need: {missing:,} without a helper, "
                    "{over:,} with a helper over quota, {helped:,} helped; {edges:,} active pairings",
                    "帮扶人 {helpers:,} 名，农户 {households:,} 户；需帮扶户中 {missing:,} 户无帮扶人，"
                    "{over:,} 户的帮扶人超额，{helped:,} 户已落实帮扶；现行结对 {edges:,} 对"),
    "too_big": ("the pairing map would draw {n:,} nodes, more than a browser shows smoothly ({limit:,}, measured "
                "by benchmarks/maps_bench.py): draw one town with --town ID (or --village / --unit)",
                "结对帮扶图将有 {n:,} 个节点，超过浏览器流畅显示的上限（{limit:,}，由 benchmarks/maps_bench.py "
                "测得）：请用 --town 编码只画一个乡镇（或 --village / --unit）"),
    "legend_helpers": ('Helpers: shape and colour = rank; "543" = households each may help',
                       "帮扶人：形状和颜色表示职级；“543”即每人帮扶户数"),
    "rank_county": ("county-level leader or cadre (县处级): helps {q}", "县处级领导干部：帮扶 {q} 户"),
    "rank_section": ("section-level cadre (科级): helps {q}", "科级干部：帮扶 {q} 户"),
    "rank_staff": ("staff cadre (一般干部): helps {q}", "一般干部：帮扶 {q} 户"),
    "rank_village": ("village cadre (村干部): helps {q} (包保{q}户)", "村干部：包保 {q} 户"),
    "helper_over": ("red outline: helper over quota", "红色粗边：帮扶户数超过定额"),
    "legend_households": ("Households", "农户"),
    "hh_missing": ("needs a helper and has none", "需要帮扶，没有帮扶人"),
    "hh_over": ("in need; its helper is over quota", "需要帮扶，帮扶人超额"),
    "hh_overdue": ("in need; visit overdue or never made", "需要帮扶，走访逾期或未走访"),
    "hh_helped": ("in need and helped", "需要帮扶，已落实"),
    "hh_none_needed": ("needs no helper now (small)", "目前不需要帮扶（小点）"),
    "legend_edges": ("Lines", "连线"),
    "edge_pairing": ("active pairing, helper to household", "现行结对：帮扶人到农户"),
    "leaders_box": ("County leaders (县级领导)", "县级领导"),
    "alone_box": ("{village}: no active helper on this map", "{village}：本图无现行帮扶人"),
    "tip_household": ("household of {name}", "户主 {name}"),
    "tip_status": ("{state}; status {status}", "{state}；{status}"),
    "tip_village": ("village: {name}", "村：{name}"),
    "tip_helpers": ("helpers: {names}", "帮扶人：{names}"),
    "tip_id_number": ("ID number: {v}", "证件号码：{v}"),
    "tip_phone": ("phone: {v}", "电话：{v}"),
    "tip_id": ("id: {v}", "编码：{v}"),
    "tip_unit": ("unit: {name}", "单位：{name}"),
    "tip_county_leader": ("county leader", "县级领导"),
    "tip_load": ("load {load} / quota {quota}", "帮扶 {load} 户 / 定额 {quota} 户"),
    "tip_over": (" (over quota)", "（超额）"),
    "tip_inactive": ("inactive: carries no households", "不在岗：不计帮扶户"),
    # the overview
    "overview_title": ("County overview (全县概览), {day}", "全县概览，{day}"),
    "overview_sub": ("{towns:,} towns, {villages:,} villages; {in_need:,} households in need, {without:,} "
                     "without a helper ({share:.1%} covered); {gap_villages:,} villages short of a unit, first secretary, "
                     "team or leader",
                     "{towns:,} 个乡镇，{villages:,} 个村；需帮扶 {in_need:,} 户，其中 {without:,} 户无帮扶人"
                     "（覆盖 {share:.1%}）；{gap_villages:,} 个村缺包村单位、第一书记、工作队或县级领导"),
    "legend_coverage": ("Villages: colour = share of households in need with a helper",
                        "村：颜色表示需帮扶户中已有帮扶人的比例"),
    "legend_green_share": ("Villages: colour = share of households in need that are green",
                           "村：颜色表示需帮扶户中绿色户的比例"),
    "share_all": ("100 %", "100%"),
    "share_range": ("{lo:.0%} to under {hi:.0%}", "{lo:.0%} 至不足 {hi:.0%}"),
    "share_below": ("under {hi:.0%}", "不足 {hi:.0%}"),
    "share_none": ("nobody in need", "无需帮扶户"),
    "legend_villages": ("Villages: shape = kind, size = households", "村：形状表示类别，大小表示户数"),
    "village_plain": ("village", "村"),
    "village_poor": ("poor village (贫困村)", "贫困村"),
    "village_deep": ("deep-poverty village (深度贫困村)", "深度贫困村"),
    "village_gap": ("red outline: no unit, first secretary, full team or leader", "红色粗边：缺包村单位、第一书记、工作队或县级领导"),
    "village_weak": ("dashed outline: weak branch (软弱涣散)", "虚线边：党组织软弱涣散"),
    "legend_others": ("Others", "其他"),
    "town_box": ("town", "乡镇"),
    "town_area": ("town (outline of its villages)", "乡镇（其村的范围）"),
    "unit_node": ("packaging unit (dashed: villages it packages)", "包村单位（虚线：所包的村）"),
    "leader_node": ("county leader (line: town it liaises with)", "县级领导（连线：联系的乡镇）"),
    "adjacent": ("adjacent villages", "相邻村"),
    "tip_town": ("town: {name}", "乡镇：{name}"),
    "tip_counts": ("{households} households, {in_need} in need, {without} of them without a helper",
                   "{households} 户，需帮扶 {in_need} 户，其中 {without} 户无帮扶人"),
    "tip_coverage": ("coverage {share:.0%}", "覆盖 {share:.0%}"),
    "tip_green": ("green {share:.0%}", "绿色 {share:.0%}"),
    "tip_nobody": ("nobody in need of a helper", "无需帮扶户"),
    "tip_packaged": ("packaged by: {names}", "包村：{names}"),
    "tip_no_unit": ("no packaging unit", "无包村单位"),
    "tip_rating": ("branch rating: {v}", "党组织评定：{v}"),
    "tip_industry": ("industry: {v}", "主导产业：{v}"),
    "tip_gap": ("gap: {v}", "缺口：{v}"),
    "tip_town_villages": ("{n} villages", "{n} 个村"),
    "tip_unit_packages": ("packages {n} villages", "包 {n} 个村"),
    "tip_leader": ("county leader {name}", "县级领导 {name}"),
    "tip_leader_ties": ("liaises with {towns} town(s), packages {villages} village(s)",
                        "联系 {towns} 个乡镇，包抓 {villages} 个村"),
    "leader_of": ("leader {id}", "领导 {id}"),
    # the committee map
    "committees_title": ("Joint committees (联村党委): {kind}", "联村党委：{kind}"),
    "committees_existing": ("existing", "现有"),
    "committees_planned": ("planned", "规划"),
    "committees_sub": ("{n:,} committees over {placed:,} of {villages:,} villages; {none:,} in none",
                       "{n:,} 个联村党委覆盖 {villages:,} 个村中的 {placed:,} 个；{none:,} 个村未加入"),
    "committees_violations": ("; {n} rule violations", "；违反规则 {n} 处"),
    "legend_committees": ("Committees (neighbours never share a colour)", "联村党委（相邻的颜色不同）"),
    "committees_more": ("... and {n} more", "……另有 {n} 个"),
    "lead_village": ("lead village (牵头村)", "牵头村"),
    "in_no_committee": ("in no committee", "未加入联村党委"),
    "same_committee": ("adjacent, same committee", "相邻，同一联村党委"),
    "tip_committee": ("committee: {name} ({n} villages)", "联村党委：{name}（{n} 个村）"),
    "tip_no_committee": ("in no committee", "未加入联村党委"),
    "tip_lead": ("lead village", "牵头村"),
    "plan_unreadable": ("plan file {path}: {why}", "规划文件 {path}：{why}"),
    "plan_not_json": ("plan file {path} is not JSON: {why}", "规划文件 {path} 不是 JSON：{why}"),
    "plan_bad_shape": ("plan file {path} is not a committee plan: expected {shape}",
                       "规划文件 {path} 不是联村党委规划：应为 {shape}"),
    "plan_unknown_villages": ("committee {id} lists villages not in the store: {ids}",
                              "联村党委 {id} 列出了库中没有的村：{ids}"),
    # household cards (明白卡)
    "card_title": ("Household cards (明白卡): {what}, {day}", "帮扶明白卡：{what}，{day}"),
    "card_heading": ("Pairing card", "结对帮扶明白卡"),
    "card_head": ("Head of household", "户主"),
    "card_members": ("Members", "家庭人口"),
    "card_status": ("Status", "状态"),
    "card_village": ("Village", "所在村"),
    "card_cause": ("Cause of poverty", "致贫原因"),
    "card_id_number": ("ID number", "证件号码"),
    "card_colour": ("Colour", "三色"),
    "card_helpers": ("Helpers", "帮扶责任人"),
    "card_name": ("Name", "姓名"),
    "card_unit": ("Unit", "工作单位"),
    "card_rank": ("Rank / title", "职级 / 职务"),
    "card_phone": ("Work phone", "联系电话"),
    "card_since": ("Since", "结对时间"),
    "card_no_helper": ("No active helper: report to the village (需落实帮扶人)", "暂无帮扶责任人（需落实）"),
    "card_packaging": ("Packaging unit", "包村单位"),
    "card_secretary": ("First secretary", "第一书记"),
    "card_none": ("none", "无"),
    "card_as_of": ("As of {day}", "截至 {day}"),
    "card_count": ("{n} cards", "共 {n} 张"),
    "card_no_household": ("no household with id {id!r}", "没有编码为 {id!r} 的农户"),
    "card_scope": ("give exactly one of --village ID or --household ID", "请只给出 --village 编码或 --household 编码之一"),
    "card_wrote": ("Wrote {path}: {n} household cards ({what})", "已写入 {path}：明白卡 {n} 张（{what}）"),
    "colour_red": ("red", "红"),
    "colour_yellow": ("yellow", "黄"),
    "colour_green": ("green", "绿"),
}
MAP_TEXT.update({
    # the report
    "report_title": ("Pairing network report, {day}", "结对帮扶网络报告，{day}"),
    "report_sub": ("{towns:,} towns, {villages:,} villages, {households:,} households, {helpers:,} helpers; "
                   "{gaps:,} gaps; {over:,} helpers over quota. Quotas: {quotas}; continuity {years} years after "
                   "exit; work team at least {team}.",
                   "{towns:,} 个乡镇，{villages:,} 个村，{households:,} 户，帮扶人 {helpers:,} 名；缺口 {gaps:,} 处；"
                   "超额帮扶人 {over:,} 名。定额：{quotas}；脱贫后继续帮扶 {years} 年；工作队至少 {team} 人。"),
    "report_maps": ("Maps", "图"),
    "report_map_overview": ("County overview: villages by coverage, gaps, units and leaders",
                            "全县概览：各村覆盖情况、缺口、包村单位和县级领导"),
    "report_map_committees": ("Joint committees (existing)", "联村党委（现有）"),
    "report_map_pairing": ("Pairing map, whole county", "结对帮扶图：全县"),
    "report_map_town": ("Pairing map, town {name} ({id})", "结对帮扶图：{name}（{id}）"),
    "report_map_nodes": ("{n:,} nodes", "{n:,} 个节点"),
    "report_per_town": ("The whole county is too large for one pairing map; there is one per town.",
                        "全县结对帮扶图过大，按乡镇分别绘制。"),
    "report_gaps": ("Coverage gaps (户户有帮扶、村村有包抓)", "帮扶缺口（户户有帮扶、村村有包抓）"),
    "report_more": ("{n:,} more not shown: run pairnet gaps for the full list.",
                    "另有 {n:,} 条未列出：完整清单请运行 pairnet gaps。"),
    "report_by_town": ("Coverage by town", "各乡镇覆盖情况"),
    "report_by_town_note": ("Households in need without a helper, per town, most first; the share covered beside.",
                            "各乡镇无帮扶人的需帮扶户数，从多到少；旁注覆盖比例。"),
    "report_load": ('Helper load against the "543" quotas', "帮扶人“543”定额完成情况"),
    "report_by_rank": ("By rank", "按职级"),
    "report_by_unit": ("By unit", "按单位"),
    "report_capacity": ("{helpers:,} active helpers can carry {capacity:,} households under the quotas; "
                        "{in_need:,} households are in need", "在岗帮扶人 {helpers:,} 名，按定额可帮扶 {capacity:,} 户；"
                        "需帮扶 {in_need:,} 户"),
    "report_short": (": {short:,} short, which takes about {more} more helpers.", "：缺 {short:,} 户，约需增加帮扶人 {more}。"),
    "report_within": (", within capacity.", "，在定额之内。"),
    "report_leaders": ("(county leaders)", "（县级领导）"),
    "report_wrote": ("Wrote {path}", "已写入 {path}"),
    "chart_rank": ("{rank} rank: {n} helpers, quota {q}", "{rank}：{n} 名，定额 {q} 户"),
    "chart_carry": ("{n} helpers carry {load}", "{n} 名帮扶 {load} 户"),
    "chart_quota": ("quota", "定额"),
    "chart_axis": ("households carried", "帮扶户数"),
    "chart_town": ("{without:,} of {in_need:,} without a helper ({share:.1%} covered)",
                   "{in_need:,} 户中 {without:,} 户无帮扶人（覆盖 {share:.1%}）"),
    "chart_nobody": ("nobody in need", "无需帮扶户"),
})


def map_text(key: str, lang: str = "en", **fields: object) -> str:
    """A map, report or card string in ``lang`` (``en`` or ``zh``), its ``{fields}`` filled in."""
    en, zh = MAP_TEXT[key]
    return (zh if lang == "zh" else en).format(**fields)


def value_text(column: str, value: object, lang: str = "en") -> object:
    """A value of ``column`` as a page shows it: the catalogue's Chinese word under ``zh``, else as it is."""
    if lang != "zh" or not isinstance(value, str):
        return value
    return _value_map_zh(column).get(value, value)


# --- visits and attendance ledgers with named people (走访记录, 驻村考勤表) ---------------------------------
LEDGER_TEXT.update({
    "ev_read_visits": ("read {source} as a visits ledger: {n} visits by {helpers} helpers to {households} households",
                       "已将 {source} 读作走访记录：{n} 次走访，{helpers} 名帮扶责任人，{households} 户"),
    "ev_read_attendance": ("read {source} as an attendance ledger: {n} days of {cadres} stationed cadres",
                           "已将 {source} 读作驻村考勤表：{cadres} 名驻村干部，{n} 个考勤日"),
    "ev_store_first": ("{file} names helpers, households and cadres: load the ledger or workbook first, then add "
                       "this file with pairnet load --append", "{file} 按姓名记录帮扶责任人、农户和驻村干部：请先载入"
                       "结对帮扶台账或工作簿，再用 pairnet load --append 追加此文件"),
    "ev_village_unknown": ("is no village in the store: write the village as the ledger writes it",
                           "不是已载入的村：请按台账中的村名填写"),
    "ev_village_many": ("names {n} villages: write the 乡镇 as well", "对应 {n} 个同名村：请同时填写乡镇"),
    "ev_id_unknown": ("is no household's ID number in the store", "已载入的农户中没有此身份证号码"),
    "ev_id_many": ("is the ID number of {n} households", "对应 {n} 户：身份证号码重复"),
    "ev_id_in_number_cell": ("is a number cell: Excel has already changed the digits of an ID number; format the "
                             "column as text and enter it again, or export again", "是数字单元格：Excel 已改变身份证号码"
                             "的末几位；请把该列设为文本格式后重新录入，或重新导出"),
    "ev_household_unknown": ("no household of this 户主姓名 in {village}: write the name as the ledger writes it, or "
                             "give the ID number", "{village} 没有此户主：请按台账中的户主姓名填写，或填写身份证号码"),
    "ev_household_many": ("{n} households of this 户主姓名 in {village}: give the ID number",
                          "{village} 有 {n} 户同名户主：请填写身份证号码"),
    "ev_helper_unknown": ("is no helper in the store: write the name as the ledger writes it",
                          "不是已载入的帮扶责任人：请按台账中的姓名填写"),
    "ev_helper_many": ("names {n} helpers: write the 工作单位 as well", "对应 {n} 名同名帮扶责任人：请同时填写工作单位"),
    "ev_helper_not_in_unit": ("no helper {name} works in this unit: write the unit as the ledger writes it",
                              "该单位没有名为 {name} 的帮扶责任人：请按台账中的单位名称填写"),
    "ev_cadre_unknown": ("no cadre of this name is stationed in {village}",
                         "没有此姓名的干部驻 {village}"),
    "ev_cadre_many": ("{n} cadres of this name are stationed in {village}: tell them apart in the store first",
                      "{village} 有 {n} 名同名驻村干部：请先在台账中加以区分"),
    "ev_bad_date": ("is not a date: write 2026年6月3日, 2026.6.3 or 2026/6/3",
                    "不是日期：可写 2026年6月3日、2026.6.3 或 2026/6/3"),
    "ev_bad_kind": ("is not one of {accepted}", "应为 {accepted} 之一"),
    "ev_bad_mark": ("is not a mark pairnet knows: write √ (present), 假 (leave), 离 (away), or one of {accepted}",
                    "不是可识别的考勤符号：请写 √（在村）、假（请假）、离（离村），或 {accepted} 之一"),
    "ev_bad_day": ("this month has no such day: leave the cell blank", "本月没有这一天：请留空"),
    "ev_no_month": ("a sheet with one column per day needs its month: write 2026年6月 in the title or a 月份 column",
                    "按日列出的考勤表需要月份：请在标题中写明“2026年6月”，或加“月份”列"),
    "ev_mixed": ("this file also holds the visits or attendance ledger {sheets}: load the network's sheets and the "
                 "ledger as two files (the ledger with --append)", "此文件还含走访或考勤台账 {sheets}：请把帮扶台账和"
                 "走访/考勤台账分成两个文件载入（后者用 --append）"),
    "ev_twice": ("the same entry is written twice (first at row {row}): keep one", "同一记录重复（首见第{row}行）：请只保留一行"),
})


# --- ad-hoc Cypher (graph/adhoc.py): refusals, one line each ----------------------------------------------
MESSAGES.update({
    "adhoc.write": ("queries are read-only: pairnet cypher cannot change the store (load a workbook with "
                    "pairnet load)", "查询只读：pairnet cypher 不能修改数据库（请用 pairnet load 加载台账）"),
    "adhoc.refused": ("queries are read-only: refused {what} (pairnet cypher only reads the graph: no writes, "
                      "files, network or settings)",
                      "查询只读：已拒绝 {what}（pairnet cypher 只读取图，不能写入、读写文件、联网或修改设置）"),
    "adhoc.not_read": ("query failed: the server does not take it as one read query ({reason})",
                       "查询失败：服务器不把它当作一条只读查询（{reason}）"),
    "adhoc.shadow": ("query failed: the test server's plan does not show all of the query, and LadybugDB's "
                     "planner, which pairnet checks it with, does not take it as a read ({reason})",
                     "查询失败：测试服务器的执行计划看不到查询的全部，pairnet 用 LadybugDB 的规划器核对，"
                     "它不把此查询当作只读查询（{reason}）"),
    "adhoc.file": ("queries are read-only: pairnet cypher opens no file and no connection (LOAD FROM, COPY, "
                   "extensions); it reads the graph only", "查询只读：pairnet cypher 不打开任何文件或网络连接（LOAD FROM、"
                   "COPY、扩展），只读取图"),
    "adhoc.several": ("queries are read-only and one at a time: give one query statement",
                      "一次只能执行一条查询语句"),
    "adhoc.timeout": ("the query ran for more than {seconds} s and was stopped: narrow it (WHERE, LIMIT), or set "
                      "PAIRNET_QUERY_TIMEOUT to allow more", "查询运行超过 {seconds} 秒，已停止：请缩小范围（WHERE、LIMIT），"
                      "或用 PAIRNET_QUERY_TIMEOUT 放宽时限"),
    "adhoc.too_big": ("the query's result is larger than {mb} MB and was stopped: narrow it (WHERE, LIMIT), or set "
                      "PAIRNET_RESULT_MAX_MB to allow more", "查询结果超过 {mb} MB，已停止：请缩小范围（WHERE、LIMIT），"
                      "或用 PAIRNET_RESULT_MAX_MB 放宽上限"),
    "adhoc.crashed": ("the query stopped the database engine on {where} ({why}); the store is unchanged: simplify the "
                      "query", "该查询使 {where} 的数据库引擎异常退出（{why}）；数据库未受影响：请简化查询"),
    "adhoc.failed": ("query failed on {where}: {why}", "在 {where} 上查询失败：{why}"),
})
