"""The one declarative schema: labels, keys, typed properties, relationships, sheets, header and value aliases.

Everything else is derived from the declarations below: LadybugDB DDL, Neo4j constraints, the workbook
columns and their Chinese aliases, the validators, frame dtypes and the neo4j-admin CSV headers.
Labels and relationship types used in any query come only from here (see ``check_label``/``check_type``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

PropType = Literal["string", "int", "float", "bool", "date"]
Pii = Literal["id_number", "phone"]

# Frame dtype per property type: pandas nullable dtypes so blanks stay blanks (never NaN-turned-float).
DTYPES: dict[str, str] = {
    "string": "string",
    "int": "Int64",
    "float": "Float64",
    "bool": "boolean",
    "date": "datetime64[s]",
}
LADYBUG_TYPES: dict[str, str] = {"string": "STRING", "int": "INT64", "float": "DOUBLE", "bool": "BOOLEAN", "date": "DATE"}
ADMIN_TYPES: dict[str, str] = {"string": "", "int": ":long", "float": ":double", "bool": ":boolean", "date": ":date"}


@dataclass(frozen=True)
class Prop:
    """One typed property (and the workbook column that carries it)."""

    name: str
    type: PropType = "string"
    zh: tuple[str, ...] = ()  # Chinese header aliases, first is canonical
    required: bool = False  # the column must exist and every cell be filled
    enum: str | None = None  # name of a vocabulary in VALUES
    pii: Pii | None = None  # masked in every output unless asked
    min: float | None = None  # lowest allowed number
    max: float | None = None  # highest allowed number
    descriptive: bool = False  # a category kept as written when it matches no spelling of its vocabulary
    spellings: str | None = None  # a bool's own extra words, in BOOL_SPELLINGS (a helper's state: 在岗, 调离)

    @property
    def dtype(self) -> str:
        return DTYPES[self.type]

    @property
    def is_code(self) -> bool:
        """A key or a reference to one (``*_id``, ``village_a``/``village_b``): compared after NFKC folding."""
        return self.type == "string" and self.pii is None and (self.name.endswith("_id")
                                                               or self.name in ("village_a", "village_b"))


@dataclass(frozen=True)
class Node:
    """A node label with its key, its properties (key first) and the sheet it is read from."""

    label: str
    key: str
    props: tuple[Prop, ...]
    sheet: str
    required_sheet: bool = True
    zh_name: str = ""

    @property
    def prop_names(self) -> list[str]:
        return [p.name for p in self.props]

    def prop(self, name: str) -> Prop:
        return next(p for p in self.props if p.name == name)


@dataclass(frozen=True)
class RelSheet:
    """A sheet (or a node sheet's foreign-key column) that yields relationships of one type."""

    sheet: str
    source: Prop  # column holding the source key
    target: Prop  # column holding the target key
    source_labels: tuple[str, ...]  # more than one: resolved by which node table holds the key (helper ids)
    target_label: str
    required_sheet: bool = False
    from_node_sheet: bool = False  # True when the relationship is a foreign key inside a node sheet


@dataclass(frozen=True)
class Rel:
    """A relationship type: its endpoint label pairs, its properties and where it comes from."""

    type: str
    ends: tuple[tuple[str, str], ...]
    props: tuple[Prop, ...] = ()
    sources: tuple[RelSheet, ...] = field(default_factory=tuple)
    undirected: bool = False
    zh_name: str = ""

    @property
    def multi_source(self) -> bool:
        """True when the source may carry more than one label (frames then hold ``source_label``)."""
        return len({a for a, _ in self.ends}) > 1

    @property
    def prop_names(self) -> list[str]:
        return [p.name for p in self.props]

    @property
    def frame_columns(self) -> list[str]:
        """Columns of this type's frame in a PairingNetwork."""
        return ["source", "target"] + (["source_label"] if self.multi_source else []) + self.prop_names


# --- vocabularies: canonical English value -> accepted spellings (Chinese included) -------------------
ENGINES: tuple[str, ...] = ("cypher", "networkx")  # where an analysis runs (queries/engine.py)

VALUES: dict[str, dict[str, tuple[str, ...]]] = {
    "rank": {
        "county": ("县处级", "县级", "处级", "县处级正职", "县处级副职", "正处级", "副处级", "正县级", "副县级",
                   "县级领导", "处级干部"),
        "section": ("科级", "乡科级", "正科级", "副科级", "乡科级正职", "乡科级副职", "科级干部"),
        "staff": ("一般干部", "科员", "干部", "科员级", "办事员", "办事员级", "未定职", "一般工作人员"),
        "village": ("村干部", "后备干部", "村组干部", "村级后备干部"),
    },
    "status": {
        "poor": ("未脱贫", "贫困户", "未脱贫户"),
        "exited": ("已脱贫", "脱贫户", "已脱贫户", "稳定脱贫户"),
        "monitored": ("监测户", "监测对象", "脱贫不稳定户", "边缘易致贫户", "突发严重困难户", "防返贫监测户",
                      "防返贫监测对象"),
    },
    "branch_rating": {
        "strong": ("好", "五星", "强", "五星级"),
        "good": ("较好", "四星", "四星级"),
        "average": ("一般", "三星", "三星级"),
        "weak": ("软弱涣散", "软弱", "差", "较差"),
    },
    "role": {
        "first_secretary": ("第一书记", "驻村第一书记"),
        "team_leader": ("队长", "工作队长", "驻村工作队长", "驻村工作队队长"),
        "team_member": ("队员", "工作队员", "驻村工作队员", "驻村队员"),
    },
    "visit_kind": {
        "home": ("入户走访", "入户", "走访"),
        "phone": ("电话", "电话走访", "电话联系"),
        "other": ("其他",),
    },
    "attendance_kind": {
        "present": ("在村", "签到", "到岗"),
        "leave": ("请假", "休假", "批准离村"),
        "away": ("离村", "外出", "缺勤", "未经批准离村"),
    },
    # a descriptive category: these spellings fold to the canonical kind, any other is kept as written
    "unit_kind": {
        "department": ("部门", "县级部门", "机关", "国家机关", "党政机关", "县直部门"),
        "enterprise": ("企业", "国企", "国有企业"),
        "bank": ("银行", "金融机构"),
        "outside": ("外部单位", "对口帮扶单位", "东西部协作"),
        "town": ("乡镇", "镇"),
    },
}
BOOL_VALUES: dict[bool, tuple[str, ...]] = {
    True: ("true", "1", "yes", "y", "是", "t", "√", "✓", "有"),
    False: ("false", "0", "no", "n", "否", "f", "×", "✗", "无"),
}
# Extra words of one bool column (Prop.spellings): a helper's state, where active = 在岗.
BOOL_SPELLINGS: dict[str, dict[bool, tuple[str, ...]]] = {
    "helper_state": {
        True: ("在岗", "在职", "在任", "正常"),
        False: ("退休", "调离", "离岗", "不在岗", "已退休", "已调离", "离职", "已离职", "去世", "已故"),
    },
}
# Chinese display name of each canonical value (for --lang zh): the first spelling.
VALUE_ZH: dict[str, dict[str, str]] = {vocab: {k: v[0] for k, v in m.items()} for vocab, m in VALUES.items()}

# --- the schema ---------------------------------------------------------------------------------------
_ID = dict(required=True)
SINCE = Prop("since", "date", ("开始日期", "开始时间", "结对时间"))
UNTIL = Prop("until", "date", ("结束日期", "结束时间"))

NODES: tuple[Node, ...] = (
    Node("Town", "town_id", (
        Prop("town_id", zh=("乡镇编码", "乡镇代码"), **_ID),
        Prop("name", zh=("乡镇名称", "乡镇"), required=True),
    ), sheet="towns", zh_name="乡镇"),
    Node("Village", "village_id", (
        Prop("village_id", zh=("村编码", "行政村编码", "村代码"), **_ID),
        Prop("name", zh=("村名称", "行政村", "村名"), required=True),
        Prop("town_id", zh=("乡镇编码", "乡镇代码"), required=True),
        Prop("poor", "bool", ("贫困村", "是否贫困村")),
        Prop("deep_poverty", "bool", ("深度贫困村", "是否深度贫困村")),
        Prop("branch_rating", zh=("党组织评定", "村党组织评定", "支部评定"), enum="branch_rating"),
        Prop("industry", zh=("主导产业",)),
        Prop("x", "float", ("经度",)),
        Prop("y", "float", ("纬度",)),
    ), sheet="villages", zh_name="行政村"),
    Node("Household", "household_id", (
        Prop("household_id", zh=("户编号", "户编码", "贫困户编号"), **_ID),
        Prop("head_name", zh=("户主姓名", "户主"), required=True),
        Prop("id_number", zh=("证件号码", "身份证号", "身份证号码"), pii="id_number"),
        Prop("village_id", zh=("村编码", "行政村编码"), required=True),
        Prop("members", "int", ("家庭人口", "人口数", "家庭人口数"), min=1, max=99),
        Prop("status", zh=("状态", "脱贫状态", "户状态"), required=True, enum="status"),
        Prop("poverty_cause", zh=("致贫原因", "主要致贫原因")),
        Prop("exit_year", "int", ("脱贫年度", "脱贫年份"), min=1980, max=2100),
    ), sheet="households", zh_name="农户"),
    Node("Unit", "unit_id", (
        Prop("unit_id", zh=("单位编码", "单位代码"), **_ID),
        Prop("name", zh=("单位名称", "帮扶单位", "派出单位"), required=True),
        Prop("kind", zh=("单位类型", "单位性质"), enum="unit_kind", descriptive=True),
    ), sheet="units", zh_name="帮扶单位"),
    Node("Leader", "leader_id", (
        Prop("leader_id", zh=("领导编号", "县级领导编号"), **_ID),
        Prop("name", zh=("姓名",), required=True),
        Prop("title", zh=("职务",)),
        Prop("phone", zh=("联系电话", "手机号码", "电话"), pii="phone"),
    ), sheet="leaders", required_sheet=False, zh_name="县级领导"),
    Node("Cadre", "cadre_id", (
        Prop("cadre_id", zh=("干部编号", "帮扶人编号"), **_ID),
        Prop("name", zh=("姓名",), required=True),
        Prop("unit_id", zh=("单位编码", "单位代码"), required=True),
        Prop("rank", zh=("职级",), required=True, enum="rank"),
        Prop("phone", zh=("联系电话", "手机号码", "电话"), pii="phone"),
        Prop("active", "bool", ("在岗", "是否在岗", "帮扶状态", "状态"), spellings="helper_state"),
    ), sheet="cadres", zh_name="帮扶干部"),
    Node("JointCommittee", "committee_id", (
        Prop("committee_id", zh=("联村党委编号",), **_ID),
        Prop("name", zh=("名称", "联村党委名称"), required=True),
        Prop("lead_village_id", zh=("牵头村", "牵头村编码")),
    ), sheet="committees", required_sheet=False, zh_name="联村党委"),
)
NODE: dict[str, Node] = {n.label: n for n in NODES}


def _key(label: str, name: str | None = None, zh: tuple[str, ...] | None = None) -> Prop:
    """The column that names a node of ``label`` by its key (in a relationship sheet)."""
    node = NODE[label]
    return Prop(name or node.key, zh=zh or node.prop(node.key).zh, required=True)


_HELPER = Prop("helper_id", zh=("帮扶人编号", "帮扶责任人编号", "干部编号"), required=True)

RELS: tuple[Rel, ...] = (
    Rel("IN_TOWN", (("Village", "Town"),),
        sources=(RelSheet("villages", _key("Village"), _key("Town"), ("Village",), "Town", True, True),)),
    Rel("LIVES_IN", (("Household", "Village"),),
        sources=(RelSheet("households", _key("Household"), _key("Village"), ("Household",), "Village", True, True),)),
    Rel("WORKS_IN", (("Cadre", "Unit"),),
        sources=(RelSheet("cadres", _key("Cadre"), _key("Unit"), ("Cadre",), "Unit", True, True),)),
    Rel("HELPS", (("Leader", "Household"), ("Cadre", "Household")), (SINCE, UNTIL),
        sources=(RelSheet("pairings", _HELPER, _key("Household"), ("Leader", "Cadre"), "Household", True),),
        zh_name="结对帮扶"),
    Rel("PACKAGES", (("Unit", "Village"), ("Leader", "Village")), (SINCE, UNTIL),
        sources=(
            RelSheet("unit_villages", _key("Unit"), _key("Village"), ("Unit",), "Village"),
            RelSheet("leader_villages", _key("Leader"), _key("Village"), ("Leader",), "Village"),
        ), zh_name="包抓"),
    Rel("LIAISES", (("Leader", "Town"),),
        sources=(RelSheet("leader_towns", _key("Leader"), _key("Town"), ("Leader",), "Town"),), zh_name="联系"),
    Rel("STATIONED_IN", (("Cadre", "Village"),), (
        Prop("role", zh=("职责", "驻村职务", "身份"), required=True, enum="role"), SINCE, UNTIL),
        sources=(RelSheet("stationed", _key("Cadre"), _key("Village"), ("Cadre",), "Village"),), zh_name="驻村"),
    Rel("ADJACENT_TO", (("Village", "Village"),),
        sources=(RelSheet("adjacency", _key("Village", "village_a", ("村编码A", "村A")),
                          _key("Village", "village_b", ("村编码B", "村B")), ("Village",), "Village"),),
        undirected=True, zh_name="相邻"),
    Rel("MEMBER_OF", (("Village", "JointCommittee"),),
        sources=(RelSheet("committee_villages", _key("Village"), _key("JointCommittee"), ("Village",), "JointCommittee"),),
        zh_name="联村"),
)
REL: dict[str, Rel] = {r.type: r for r in RELS}

# MEMBER_OF's sheet lists committee then village, but the relationship runs village -> committee.
_SWAPPED_SHEETS = {"committee_villages"}


# --- event tables: append-only rows (visits, attendance), many per pair, never updated by a load ----------
@dataclass(frozen=True)
class Event:
    """An append-only event table: a sheet whose rows are stored as they come (no key, never removed).

    Stored as nodes of their own label (``label``) on both stores, joined to the graph by the key columns they
    carry (``helper_id`` -> Leader/Cadre, ``household_id`` -> Household, ...): appending a month touches no
    relationship list. The embedded store keeps one table per month (``LABEL_YYYY_MM``, read as the label), so
    appending a month builds a new table instead of merging into one that grows: its cost does not grow with
    the store.
    """

    sheet: str
    label: str
    props: tuple[Prop, ...]
    date: str = "date"  # the column that orders the rows (appends are deduplicated within its range)
    key: tuple[str, ...] = ()  # the columns that identify one row: given twice in one sheet is a fault
    references: tuple[tuple[str, tuple[str, ...]], ...] = ()  # column -> labels whose key it must name

    @property
    def prop_names(self) -> list[str]:
        return [p.name for p in self.props]


EVENTS: tuple[Event, ...] = (
    Event("visits", "Visit", (
        Prop("helper_id", zh=("帮扶人编号", "帮扶责任人编号", "干部编号"), required=True),
        Prop("household_id", zh=("户编号", "户编码", "贫困户编号"), required=True),
        Prop("date", "date", ("走访日期", "走访时间", "日期"), required=True),
        Prop("kind", zh=("走访方式", "走访形式", "方式"), required=True, enum="visit_kind"),
        Prop("note", zh=("备注", "走访情况")),
    ), key=("helper_id", "household_id", "date", "kind"),
        references=(("helper_id", ("Leader", "Cadre")), ("household_id", ("Household",)))),
    Event("attendance", "Attendance", (
        Prop("cadre_id", zh=("干部编号", "驻村干部编号"), required=True),
        Prop("village_id", zh=("村编码", "行政村编码"), required=True),
        Prop("date", "date", ("日期", "考勤日期", "签到日期"), required=True),
        Prop("kind", zh=("类型", "考勤类型", "出勤情况"), required=True, enum="attendance_kind"),
    ), key=("cadre_id", "village_id", "date"),
        references=(("cadre_id", ("Cadre",)), ("village_id", ("Village",)))),
)
EVENT: dict[str, Event] = {e.sheet: e for e in EVENTS}



@dataclass(frozen=True)
class Sheet:
    """A workbook sheet: its columns in order and what it yields."""

    name: str
    columns: tuple[Prop, ...]
    required: bool
    node: str | None = None  # label, for node sheets
    rel: str | None = None  # type, for relationship sheets
    rel_sheet: RelSheet | None = None
    event: str | None = None  # label of the event table, for event sheets (visits, attendance)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def _sheets() -> tuple[Sheet, ...]:
    out: list[Sheet] = [Sheet(n.sheet, n.props, n.required_sheet, node=n.label) for n in NODES]
    for r in RELS:
        for s in r.sources:
            if s.from_node_sheet:
                continue
            cols = (s.target, s.source) if s.sheet in _SWAPPED_SHEETS else (s.source, s.target)
            out.append(Sheet(s.sheet, cols + r.props, s.required_sheet, rel=r.type, rel_sheet=s))
    out += [Sheet(e.sheet, e.props, False, event=e.label) for e in EVENTS]
    return tuple(out)


SHEETS: tuple[Sheet, ...] = _sheets()
SHEET: dict[str, Sheet] = {s.name: s for s in SHEETS}
SHEET_ZH: dict[str, tuple[str, ...]] = {
    "towns": ("乡镇",), "villages": ("行政村", "村"), "households": ("贫困户", "农户", "建档立卡户"),
    "units": ("帮扶单位", "单位"), "leaders": ("县级领导", "领导"), "cadres": ("帮扶干部", "干部"),
    "pairings": ("结对帮扶", "结对", "帮扶关系"), "unit_villages": ("单位包村",), "leader_towns": ("领导联系乡镇",),
    "leader_villages": ("领导包村",), "stationed": ("驻村干部", "驻村"), "adjacency": ("相邻村", "相邻"),
    "committees": ("联村党委",), "committee_villages": ("联村党委成员村", "联村成员"),
    "visits": ("走访记录", "走访", "入户走访记录"), "attendance": ("驻村考勤", "考勤", "考勤记录"),
}
HELPER_LABELS = ("Leader", "Cadre")


# --- foreign keys: each stored once, as the relationship ------------------------------------------------
@dataclass(frozen=True)
class ForeignKey:
    """A node sheet's column that names another node (``households.village_id``).

    The stores hold the fact once, as the relationship (``LIVES_IN``); a PairingNetwork holds it as the column
    the workbook has and derives the relationship frame from it; read-back fills the column from the edge.
    """

    label: str  # the label whose frame has the column (Household)
    column: str  # the column (village_id), also the key of ``target``
    rel: str  # the relationship type stored in the databases (LIVES_IN)
    target: str  # the label the column names (Village)


FOREIGN_KEYS: tuple[ForeignKey, ...] = tuple(
    ForeignKey(s.source_labels[0], s.target.name, r.type, s.target_label)
    for r in RELS for s in r.sources if s.from_node_sheet)
FOREIGN_KEY: dict[str, ForeignKey] = {fk.rel: fk for fk in FOREIGN_KEYS}  # by relationship type


def stored_props(label: str) -> tuple[Prop, ...]:
    """The properties a store keeps on nodes of ``label``: all but the foreign-key columns (kept as edges)."""
    fks = {fk.column for fk in FOREIGN_KEYS if fk.label == label}
    return tuple(p for p in NODE[label].props if p.name not in fks)
PII_COLUMNS: dict[str, Pii] = {p.name: p.pii for n in NODES for p in n.props if p.pii}


def check_label(label: str) -> str:
    """Return ``label`` if the schema declares it, else raise: labels are never taken from user text."""
    if label not in NODE:
        raise ValueError(f"unknown label {label!r}")
    return label


def check_type(rel_type: str) -> str:
    """Return ``rel_type`` if the schema declares it, else raise."""
    if rel_type not in REL:
        raise ValueError(f"unknown relationship type {rel_type!r}")
    return rel_type


# --- derived: DDL, constraints, admin headers, frames -------------------------------------------------
def ladybug_ddl() -> list[str]:
    """CREATE statements for LadybugDB (node tables first, then relationship tables)."""
    stmts = []
    for n in NODES:
        cols = ", ".join(f"{p.name} {LADYBUG_TYPES[p.type]}" for p in stored_props(n.label))
        stmts.append(f"CREATE NODE TABLE IF NOT EXISTS {n.label}({cols}, PRIMARY KEY({n.key}))")
    for r in RELS:
        ends = ", ".join(f"FROM {a} TO {b}" for a, b in r.ends)
        cols = "".join(f", {p.name} {LADYBUG_TYPES[p.type]}" for p in r.props)
        stmts.append(f"CREATE REL TABLE IF NOT EXISTS {r.type}({ends}{cols})")
    return stmts


def neo4j_constraints() -> list[str]:
    """Uniqueness constraints for Neo4j 5 (one per label key), created before any MERGE."""
    return [
        f"CREATE CONSTRAINT {n.label.lower()}_{n.key} IF NOT EXISTS FOR (n:{n.label}) REQUIRE n.{n.key} IS UNIQUE"
        for n in NODES
    ]


def admin_node_header(label: str) -> list[str]:
    """neo4j-admin import header for a node file of ``label`` (one ID space per label)."""
    n = NODE[label]
    return [f"{p.name}:ID({label})" if p.name == n.key else p.name + ADMIN_TYPES[p.type]
            for p in stored_props(label)] + [":LABEL"]


def admin_rel_header(rel_type: str, source_label: str) -> list[str]:
    """neo4j-admin import header for a relationship file of ``rel_type`` from ``source_label``."""
    r = REL[rel_type]
    target = dict(r.ends)[source_label]
    return [f":START_ID({source_label})", *(p.name + ADMIN_TYPES[p.type] for p in r.props), f":END_ID({target})", ":TYPE"]


def empty_frame(columns: list[str], props: tuple[Prop, ...] = ()) -> pd.DataFrame:
    """An empty frame with the schema dtypes (``source``/``target``/``source_label`` are strings)."""
    import pandas as pd

    types = {p.name: p.dtype for p in props}
    return pd.DataFrame({c: pd.Series(dtype=types.get(c, "string")) for c in columns})


def coerce(df: pd.DataFrame, label_or_type: str) -> pd.DataFrame:
    """Return ``df`` with exactly the schema's columns, in order, in the schema's dtypes."""
    import pandas as pd

    if label_or_type in NODE:
        cols, props = NODE[label_or_type].prop_names, NODE[label_or_type].props
    else:
        cols, props = REL[label_or_type].frame_columns, REL[label_or_type].props
    types = {p.name: p.dtype for p in props}
    out = {}
    for c in cols:
        s = df[c] if c in df.columns else pd.Series([None] * len(df), index=df.index)
        dtype = types.get(c, "string")
        if dtype.startswith("datetime64"):
            s = pd.to_datetime(s).dt.normalize().astype(dtype)
        elif dtype == "string":
            s = s.astype("string")
        else:
            s = s.astype(dtype)
        out[c] = s
    return pd.DataFrame(out).reset_index(drop=True)


def check_event(sheet: str) -> Event:
    """The event table of ``sheet`` if the schema declares it, else raise (labels never come from user text)."""
    if sheet not in EVENT:
        raise ValueError(f"unknown event sheet {sheet!r}")
    return EVENT[sheet]


def event_frame(df: pd.DataFrame, sheet: str) -> pd.DataFrame:
    """``df`` with exactly the event table's columns, in order, in the schema's dtypes."""
    import pandas as pd  # not at import time: ``pairnet info`` stays quick

    ev = check_event(sheet)
    out = {}
    for p in ev.props:
        s = df[p.name] if p.name in df.columns else pd.Series([None] * len(df), index=df.index)
        out[p.name] = (pd.to_datetime(s).dt.normalize().astype(p.dtype) if p.type == "date"
                       else s.astype(p.dtype))
    return pd.DataFrame(out).reset_index(drop=True)
