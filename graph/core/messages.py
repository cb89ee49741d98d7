"""The message and translation catalogue: Chinese headers and values for outputs (``--lang zh``)."""

from __future__ import annotations

from dataclasses import dataclass

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


# --- workbook and ledger messages (English, Chinese) ----------------------------------------------------
LEDGER_TEXT: dict[str, tuple[str, str]] = {
    # key: (English, Chinese)
    "recognised": ("read {source} as a flat ledger: {households} households, {helpers} helpers in {units} units",
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
    return (zh if lang == "zh" else en).format(**kw)


def ledger_both(key: str, **kw: object) -> Text:
    """The ledger message ``key`` in both languages."""
    return Text(ledger_text(key, "en", **kw), ledger_text(key, "zh", **kw))


# English fault reasons of the workbook checks and their Chinese (matched at the start of the reason).
_FAULT_ZH: tuple[tuple[str, str], ...] = (
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


def translate_fault(message: str, lang: str) -> str:
    """A fault reason of the workbook checks in ``lang`` (reasons with no translation stay English)."""
    if lang != "zh":
        return message
    for en, zh in _FAULT_ZH:
        if message.startswith(en):
            rest = message[len(en):].strip()
            rest = rest.split(":", 1)[1].strip() if ":" in rest else rest
            return zh.format(rest=("：" + rest) if rest else "")
    return message
# --- the loader's messages (reading and checking a workbook), English and Chinese -----------------------
@dataclass(frozen=True)
class Text:
    """One message in both languages; ``str()`` gives the English."""

    en: str
    zh: str

    def __str__(self) -> str:
        return self.en

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


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
    "error_cell": ("cell {cell} holds the error {error}: correct the formula or type the value",
                   "单元格 {cell} 是错误值 {error}：请修正公式或直接填写数值"),
    # checks of one sheet
    "required_sheet": ("required sheet is missing", "缺少必需的工作表"),
    "required_column": ("required column is missing (header {names})", "缺少必需的列（表头 {names}）"),
    "required_cell": ("is required", "必须填写"),
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
    "id_number_cells": ("ID numbers in number cells on rows {rows}: Excel has already changed their digits",
                        "第 {rows} 行的身份证号码填在数值单元格中：Excel 已改变了其中的数字"),
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
    return Text(en.format(**params), zh.format(**params))
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
