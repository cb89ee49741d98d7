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
