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
}
_LOCAL_VALUES_ZH = {
    "status": {"over": "超额", "at": "满额", "under": "不足"},
    "reason": {"never_paired": "从未结对", "pairings_ended": "结对已结束", "only_inactive_helpers": "帮扶人均不在岗"},
    "kind": {
        "household_without_helper": "无帮扶人的户", "village_without_unit": "无包抓单位的村",
        "village_without_first_secretary": "无第一书记的村", "village_team_understaffed": "工作队人数不足的村",
        "deep_village_without_leader": "无县级领导包抓的深度贫困村", "town_without_leader": "无联系领导的乡镇",
    },
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

