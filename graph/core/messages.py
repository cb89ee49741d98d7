"""The message and translation catalogue: Chinese headers and values for outputs (``--lang zh``)."""

from __future__ import annotations

import pandas as pd

from pairnet.graph.core import schema
from pairnet.graph.core.result import is_na as _is_na

# --- Chinese headers and values (--lang zh) -------------------------------------------------------------
# Output-only columns and values that the schema does not declare; schema columns get their first alias.
_LOCAL_HEADERS_ZH = {
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
_LOCAL_VALUES_ZH = {
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


_BOOL_ZH = {b: next(v for v in vs if not v.isascii()) for b, vs in schema.BOOL_VALUES.items()}


def _schema_columns() -> dict[str, schema.Prop]:
    """Each column name of the schema with the first declaration carrying it."""
    out: dict[str, schema.Prop] = {}
    for s in schema.SHEETS:
        for p in s.columns:
            out.setdefault(p.name, p)
    return out


_COLUMNS = _schema_columns()


def header_zh(column: str) -> str:
    """The Chinese header of ``column``: the local map for generic output columns, else the schema's first alias."""
    if column in _LOCAL_HEADERS_ZH:
        return _LOCAL_HEADERS_ZH[column]
    p = _COLUMNS.get(column)
    return p.zh[0] if p is not None and p.zh else column


def _value_map_zh(column: str) -> dict[str, str]:
    p = _COLUMNS.get(column)
    m = dict(schema.VALUE_ZH.get(p.enum, {})) if p is not None and p.enum else {}
    if column == "kind":
        m.update(schema.VALUE_ZH["unit_kind"])
    m.update(_LOCAL_VALUES_ZH.get(column, {}))
    return m


def frame_zh(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with Chinese headers and Chinese enum and boolean values."""
    out = pd.DataFrame(index=df.index)
    for c in df.columns:
        s = df[c]
        if pd.api.types.is_bool_dtype(s.dtype):
            s = s.astype(object).map(lambda v: v if _is_na(v) else _BOOL_ZH[bool(v)])
        else:
            m = _value_map_zh(str(c))
            if m:
                s = s.astype(object).map(lambda v, m=m: m.get(v, v) if isinstance(v, str) else v)
        out[header_zh(str(c))] = s
    return out



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
