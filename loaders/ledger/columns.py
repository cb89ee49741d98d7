"""The columns of a flat ledger: each field, the schema property it feeds, and the headers it is written under.

A ledger header is a field name alone (户主姓名, 职级), or a group over a field (帮扶责任人 over 姓名, written
``帮扶责任人/姓名`` or ``帮扶责任人姓名``). The spellings of schema properties come from ``schema`` (the one
place they are declared); this module adds only what a ledger writes and a normalised workbook does not.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from pairnet.graph.core import schema

HOUSEHOLD, HELPER = "household", "helper"


@dataclass(frozen=True)
class Field:
    """A ledger column: its name, its block (household or helper), the schema property checking its cells,
    the headers it stands under alone and the generic sub-headers it takes under a group (``姓名``)."""

    name: str
    block: str
    prop: schema.Prop | None
    alone: tuple[str, ...] = ()
    sub: tuple[str, ...] = ()


def _zh(label: str, prop: str) -> tuple[str, ...]:
    return schema.NODE[label].prop(prop).zh


_H, _V, _T, _U, _C, _L = (schema.NODE[n] for n in ("Household", "Village", "Town", "Unit", "Cadre", "Leader"))
_NAME = ("姓名", "名字", "名称")
_PHONE = ("联系电话", "电话", "手机", "手机号", "手机号码", "联系方式", "电话号码", "联系手机")
_IDNO = ("身份证号码", "身份证号", "证件号码", "身份证", "公民身份号码", "身份证件号码")
_CODE = ("编号", "编码", "代码")
_STATE = ("状态", "在岗状态", "在岗情况", "是否在岗", "在岗", "在职状态", "人员状态", "工作状态")

FIELDS: tuple[Field, ...] = (
    Field("seq", "meta", None, ("序号", "序", "编号序号", "no", "no.")),
    Field("note", "meta", None, ("备注", "说明", "备考")),
    Field("town_id", HOUSEHOLD, _T.prop("town_id"), _zh("Town", "town_id")),
    Field("town", HOUSEHOLD, _T.prop("name"),
          (*_zh("Town", "name"), "乡(镇)", "乡镇(街道)", "镇(乡)", "乡镇街道", "所属乡镇", "所在乡镇", "镇", "乡",
           "街道", "镇街", "乡镇名")),
    Field("village_id", HOUSEHOLD, _V.prop("village_id"), _zh("Village", "village_id")),
    Field("village", HOUSEHOLD, _V.prop("name"),
          (*_zh("Village", "name"), "村", "村(社区)", "村(居)", "所属村", "所在村", "村社区", "行政村(社区)",
           "村委会", "村(居)委会", "社区", "村居")),
    Field("group", HOUSEHOLD, None, ("组", "村民小组", "组别", "社", "小组", "所在组", "组(社)", "村民组")),
    Field("household_id", HOUSEHOLD, _H.prop("household_id"),
          (*_zh("Household", "household_id"), "家庭编号", "户码", "户编码号"), ("户编号",)),
    Field("head_name", HOUSEHOLD, _H.prop("head_name"),
          (*_zh("Household", "head_name"), "户主名称", "贫困户姓名", "户名", "户主名字", "监测对象姓名",
           "脱贫户姓名", "农户姓名", "贫困户户主姓名", "户主姓名(监测对象)"), _NAME),
    Field("id_number", HOUSEHOLD, _H.prop("id_number"),
          (*_zh("Household", "id_number"), "户主身份证号码", "户主身份证号", "户主证件号码", "公民身份号码",
           "身份证件号码", "户主身份证"), _IDNO),
    Field("members", HOUSEHOLD, _H.prop("members"),
          (*_zh("Household", "members"), "人口", "家庭成员数", "户人口数", "人数", "家庭人数", "家庭成员人数",
           "户籍人口", "家庭人口(人)", "人口(人)"), ("人口", "人数")),
    Field("status", HOUSEHOLD, _H.prop("status"),
          (*_zh("Household", "status"), "户类型", "贫困户属性", "监测对象类型", "脱贫属性", "贫困户类型", "户属性",
           "农户类型", "对象类型", "监测类型", "识别类型", "户别", "类别", "人员类型", "户类别", "贫困状态",
           "脱贫户属性", "户籍类型"), ("状态", "类型", "属性")),
    Field("poverty_cause", HOUSEHOLD, _H.prop("poverty_cause"),
          (*_zh("Household", "poverty_cause"), "致贫原因(主要)", "返贫致贫原因", "风险类型", "致贫返贫原因",
           "主要风险类型")),
    Field("exit_year", HOUSEHOLD, _H.prop("exit_year"),
          (*_zh("Household", "exit_year"), "脱贫年", "脱贫时间", "脱贫(年度)", "计划脱贫年度", "脱贫年度(年)")),
    Field("household_phone", HOUSEHOLD, None, ("户主电话", "户主联系电话", "户主手机"), _PHONE),
    Field("person_id", "person", None, ("人编号", "成员编号", "人员编号", "个人编号")),
    Field("relation", "person", None, ("与户主关系", "与户主的关系", "家庭关系")),
    # --- the helper ---
    Field("helper_id", HELPER, _C.prop("cadre_id"),
          ("帮扶人编号", "帮扶责任人编号", "干部编号", "帮扶干部编号", "帮扶人员编号"), _CODE),
    Field("helper", HELPER, _C.prop("name"),
          ("帮扶责任人", "帮扶人", "帮扶干部", "结对帮扶人", "帮扶责任人姓名", "帮扶人姓名", "帮扶干部姓名",
           "结对帮扶责任人", "结对干部", "帮扶联系人", "包户干部", "结对帮扶干部", "帮扶人员", "责任人"), _NAME),
    Field("unit_id", HELPER, _U.prop("unit_id"), _zh("Unit", "unit_id")),
    Field("unit", HELPER, _U.prop("name"),
          (*_zh("Unit", "name"), "工作单位", "所在单位", "帮扶责任人单位", "帮扶人单位", "单位", "工作单位及职务",
           "帮扶人工作单位", "帮扶责任人工作单位", "派出单位名称", "结对帮扶单位"),
          ("单位", "工作单位", "所在单位", "单位名称", "帮扶单位", "派出单位", "工作单位名称")),
    Field("unit_kind", HELPER, _U.prop("kind"), (*_zh("Unit", "kind"), "单位类别", "单位属性"), ("单位类型", "单位性质")),
    Field("title", HELPER, _L.prop("title"), ("职务", "现任职务", "职务(职称)", "行政职务"), ("职务",)),
    Field("rank", HELPER, _C.prop("rank"),
          (*_zh("Cadre", "rank"), "级别", "职务级别", "干部级别", "职级(级别)", "职务层次", "职级层次", "干部职级"),
          ("职级", "级别", "职务级别", "职务层次")),
    Field("helper_phone", HELPER, _C.prop("phone"),
          ("帮扶人电话", "帮扶责任人电话", "帮扶人联系电话", "帮扶责任人联系电话", "帮扶干部电话",
           "帮扶人手机", "帮扶责任人手机号码"), _PHONE),
    Field("state", HELPER, _C.prop("active"), ("在岗状态", "在岗情况", "是否在岗", "在职状态", "帮扶人状态"), _STATE),
    Field("since", HELPER, schema.SINCE,
          (*schema.SINCE.zh, "结对日期", "帮扶开始时间", "开始帮扶时间", "起始时间", "帮扶时间起", "结对帮扶时间"),
          ("结对时间", "开始时间", "开始日期", "结对日期", "起始时间", "起始日期")),
    Field("until", HELPER, schema.UNTIL,
          (*schema.UNTIL.zh, "终止时间", "帮扶结束时间", "调整时间", "调离时间", "结束帮扶时间", "帮扶时间止",
           "终止日期", "解除时间", "解除日期", "解除结对时间", "解除结对日期", "结对解除时间", "结对解除日期",
           "解除帮扶时间", "脱钩时间", "结对结束时间"), ("结束时间", "结束日期", "终止时间", "调整时间", "解除时间", "解除日期")),
    Field("period", HELPER, None, ("帮扶时间", "结对期间", "帮扶期间", "起止时间", "帮扶起止时间", "帮扶期限",
                                   "帮扶时段", "结对起止时间", "帮扶起止日期"), ("起止时间", "帮扶期间", "期间", "时间")),
    Field("households", "roster", None,
          ("帮扶对象", "结对户", "帮扶户", "结对帮扶户", "帮扶户名单", "联系户", "所帮扶户", "帮扶户姓名",
           "结对对象", "帮扶贫困户", "帮扶农户", "结对帮扶对象", "帮扶对象姓名", "帮扶户主姓名", "所联系户",
           "帮扶户户主")),
)
FIELD: dict[str, Field] = {f.name: f for f in FIELDS}

# Group headers over sub-headers (帮扶责任人 over 姓名 / 工作单位 / 联系电话).
HELPER_GROUPS = ("帮扶责任人", "帮扶人", "结对帮扶人", "帮扶干部", "帮扶责任人信息", "结对帮扶责任人", "责任人",
                 "帮扶联系人", "结对干部", "帮扶情况", "结对帮扶情况", "结对帮扶", "帮扶人信息", "帮扶人员",
                 "结对帮扶责任人信息", "帮扶干部信息", "包户干部", "帮扶责任人情况", "结对情况", "县级领导",
                 "包联领导", "联系领导", "帮扶领导", "结对领导", "县级帮扶领导", "帮扶责任人1", "帮扶责任人2", "帮扶责任人一",
                 "帮扶责任人二")
HOUSEHOLD_GROUPS = ("户主", "户主信息", "贫困户", "贫困户信息", "基本情况", "家庭基本情况", "农户信息", "监测对象",
                    "脱贫户", "家庭情况", "户基本信息", "户主情况", "家庭信息", "农户基本情况", "脱贫户信息",
                    "监测对象信息", "贫困户基本情况")
# Groups over the households of a roster (帮扶对象 over 户主姓名 / 所在村): the name under them is the households
# cell, the other sub-headers say where those households are.
ROSTER_GROUPS = ("帮扶对象", "结对户", "帮扶户", "结对帮扶户", "结对对象", "结对帮扶对象", "帮扶对象信息", "帮扶户信息",
                 "结对户信息", "联系户", "所联系户", "帮扶农户", "帮扶贫困户")
# Fields that only a helper has: the first of them opens the helper block of a header written without groups.
HELPER_ONLY = ("helper", "helper_id", "unit", "unit_id", "unit_kind", "title", "rank", "helper_phone", "since",
               "until", "period")
# A household is named by one of these; a row without any of them but with a helper continues the row above.
IDENTITY = ("household_id", "head_name", "id_number", "person_id")

_BRACKETED = re.compile(r"\([^()]*\)")
_BLANK = re.compile(r"[\s\u3000\u00a0\ufeff]+")


def norm(text: str) -> str:
    """A header as matched: NFKC (full-width brackets and letters half-width), no blanks, no ``*``, lower case."""
    s = _BLANK.sub("", unicodedata.normalize("NFKC", str(text)))
    return s.strip("*").replace("【", "(").replace("】", ")").lower()


def _table(pick) -> dict[str, str]:
    out: dict[str, str] = {}
    for f in FIELDS:
        for alias in pick(f):
            out.setdefault(norm(alias), f.name)
    return out


ALONE = _table(lambda f: (*f.alone, f.name))  # the field's own name is its English header
# Groups whose helpers are county leaders (县级领导 over 姓名 / 职务): their rank is county when none is written.
LEADER_GROUPS = frozenset(norm(g) for g in ("县级领导", "包联领导", "联系领导", "帮扶领导", "结对领导", "县级帮扶领导"))
COUNTY_RANK = schema.VALUES["rank"]["county"][0]
# A ledger without any rank column (national exports often have none): its helpers count as staff, the rank of
# the smallest quota, so no helper is taken to carry more than the policy allows; the load says so.
DEFAULT_RANK = schema.VALUES["rank"]["staff"][0]


def lacks_rank(block_fields: dict, k: int, leader_blocks: set[int]) -> bool:
    """Whether helper block ``k`` names helpers but says nothing of their rank (no rank, no helper code)."""
    return ("helper" in block_fields and "rank" not in block_fields and "helper_id" not in block_fields
            and k not in leader_blocks)
SUB = {block: {norm(a): f.name for f in FIELDS if f.block in (block, "meta") for a in f.sub}
       for block in (HOUSEHOLD, HELPER)}
GROUPS = {**{norm(g): HOUSEHOLD for g in (*HOUSEHOLD_GROUPS, *ROSTER_GROUPS)},
          **{norm(g): HELPER for g in HELPER_GROUPS}}
_ROSTER = frozenset(norm(g) for g in ROSTER_GROUPS)
_PREFIXES = sorted(GROUPS, key=len, reverse=True)
# Generic headers whose meaning depends on the block they stand in (姓名, 联系电话, 状态, ...).
# A sub-header both blocks use (姓名, 联系电话, 状态) means nothing alone: its block decides.
AMBIGUOUS = {a for a in SUB[HOUSEHOLD] if a in SUB[HELPER] and SUB[HOUSEHOLD][a] != SUB[HELPER][a]}
GENERIC = ({norm(a) for block in SUB.values() for a in block} - set(ALONE)) | AMBIGUOUS


@dataclass(frozen=True)
class Reading:
    """What one header says: a field for sure (``field``), or a generic sub-header to place by position."""

    field: str | None
    generic: str | None = None  # the normalised generic header when the block decides
    group: str | None = None  # HOUSEHOLD or HELPER when a group word was written


def read_header(text: str) -> Reading:
    """The meaning of one (possibly composed ``group/sub``) header.

    >>> read_header("帮扶责任人/联系电话").field, read_header("户主姓名").field, read_header("帮扶人单位").field
    ('helper_phone', 'head_name', 'unit')
    >>> read_header("联系电话")
    Reading(field=None, generic='联系电话', group=None)
    """
    parts = [p for p in (norm(x) for x in str(text).split("/")) if p]
    if not parts:
        return Reading(None)
    if len(parts) > 1 and any(p in _ROSTER or _unbracket(p) in _ROSTER for p in parts[:-1]):
        below = read_header("/".join(parts[-1:]))  # 帮扶对象/户主姓名 names the households; 帮扶对象/所在村 their village
        if below.field in ("head_name", "households", "person_name") or below.generic in SUB[HOUSEHOLD] and \
                SUB[HOUSEHOLD].get(below.generic) == "head_name":
            return Reading("households")
        return Reading(below.field, below.generic, HOUSEHOLD) if below.field or below.generic else below
    group = None
    for p in parts[:-1]:
        group = GROUPS.get(p, group) or GROUPS.get(_unbracket(p), group)
    last = parts[-1]
    for candidate in _variants(last):
        if group is not None and candidate in SUB[group]:
            return Reading(SUB[group][candidate], group=group)
        if candidate in ALONE and candidate not in AMBIGUOUS and (group is None or _fits(ALONE[candidate], group)):
            return Reading(ALONE[candidate], group=group)
        for prefix in _PREFIXES:  # a group written before its sub-header in one cell: 帮扶责任人联系电话
            rest = candidate[len(prefix):]
            if candidate.startswith(prefix) and rest and rest in SUB[GROUPS[prefix]]:
                return Reading(SUB[GROUPS[prefix]][rest], group=GROUPS[prefix])
    for candidate in _variants(last):
        if candidate in GENERIC:
            return Reading(None, candidate, group)
        if group is None and candidate in GROUPS:
            return Reading(None, candidate, GROUPS[candidate])
    return Reading(None)


def _fits(field: str, group: str) -> bool:
    block = FIELD[field].block
    return block in (group, "meta", "person", "roster") or (group == HOUSEHOLD and block == HOUSEHOLD)


def _unbracket(s: str) -> str:
    return _BRACKETED.sub("", s)


def _variants(s: str) -> list[str]:
    """``s``, without bracket characters (乡(镇) -> 乡镇), without bracketed parts (家庭人口(人) -> 家庭人口)."""
    out = [s, s.replace("(", "").replace(")", ""), _unbracket(s), re.sub(r"[::]$", "", s)]
    return list(dict.fromkeys(x for x in out if x))


def generic_field(generic: str, block: str) -> str | None:
    """The field a generic header stands for in ``block`` (``姓名`` is the head's name or the helper's)."""
    return SUB[block].get(generic) if block in SUB else None
