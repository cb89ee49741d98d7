"""An empty workbook to fill in: the headers pairnet reads, a 填表说明 sheet, dropdowns for every vocabulary, and
ID, phone and code columns formatted as text (so Excel cannot turn an ID number into 6.12499E+17)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pairnet.graph.core import atomic, schema
from pairnet.graph.core.errors import PairnetError
from pairnet.loaders.ledger import columns as C

Kind = Literal["ledger", "workbook"]
ROWS = 2000  # rows below the header given the dropdowns and the text format
LEDGER_SHEET = {"zh": "结对帮扶台账", "en": "ledger"}
NOTES_SHEET = {"zh": "填表说明", "en": "填表说明 (notes)"}

# The ledger template's columns: (field, Chinese header, what to write in English, in Chinese).
LEDGER_COLUMNS: tuple[tuple[str, str, str, str], ...] = (
    ("seq", "序号", "row number (not read)", "序号（不读取）"),
    ("town", "乡镇", "town, as named in the county", "乡镇名称"),
    ("village", "村", "village", "行政村名称"),
    ("group", "组", "village group (tells two heads of one name apart)", "村民小组（区分同村同名户主）"),
    ("household_id", "户编号", "household code from the system, if any", "系统户编号（有则填）"),
    ("head_name", "户主姓名", "head of household (required)", "户主姓名（必填）"),
    ("id_number", "身份证号码", "head's ID number, 18 characters, as text", "户主身份证号码，18位，文本格式"),
    ("members", "家庭人口", "household size", "家庭人口数"),
    ("status", "户类型", "status (dropdown)", "户类型（下拉选择）"),
    ("poverty_cause", "致贫原因", "cause of poverty", "主要致贫原因"),
    ("exit_year", "脱贫年度", "exit year, e.g. 2019", "脱贫年度，如 2019"),
    ("helper", "帮扶责任人", "helper's name; several as 张丽、周建国; 待定 or blank for none",
     "帮扶责任人姓名；多人用顿号分隔（张丽、周建国）；暂无写“待定”或留空"),
    ("helper_id", "帮扶责任人编号", "helper's code, if any", "帮扶责任人编号（有则填）"),
    ("unit", "工作单位", "helper's unit (a county leader may leave it blank)", "工作单位（县级领导可不填）"),
    ("unit_kind", "单位类型", "kind of unit (dropdown, or as you call it)", "单位类型（可下拉选择，也可照实填写）"),
    ("title", "职务", "post, e.g. 副局长", "职务，如 副局长"),
    ("rank", "职级", "rank (dropdown): a county rank makes the helper a county leader",
     "职级（下拉选择）：县处级为县级领导"),
    ("helper_phone", "联系电话", "helper's 11-digit mobile, as text", "帮扶责任人11位手机号，文本格式"),
    ("state", "在岗状态", "whether the helper is at post (dropdown)", "是否在岗（下拉选择）"),
    ("since", "结对时间", "pairing began, e.g. 2019-03-01 or 2019年3月", "结对开始时间，如 2019-03-01 或 2019年3月"),
    ("until", "结束时间", "pairing ended (blank while it holds)", "结对结束时间（仍在帮扶则留空）"),
    ("note", "备注", "notes (not read)", "备注（不读取）"),
)
_LEDGER_PROP = {f.name: f.prop for f in C.FIELDS}
_TEXT_FIELDS = {"id_number", "helper_phone", "household_id", "helper_id"}


@dataclass
class Column:
    header: str
    note: str
    choices: tuple[str, ...] = ()
    text: bool = False
    required: bool = False


def _choices(prop: schema.Prop | None, lang: str) -> tuple[str, ...]:
    """The spellings a dropdown offers for ``prop``: its vocabulary in ``lang``, or yes / no."""
    if prop is None:
        return ()
    if prop.enum:
        vocab = schema.VALUES[prop.enum]
        return tuple(v[0] for v in vocab.values()) if lang == "zh" else tuple(vocab)
    if prop.type == "bool" and prop.spellings and lang == "zh":  # a helper's state: 在岗, 退休, 调离
        words = schema.BOOL_SPELLINGS[prop.spellings]
        return (words[True][0], *words[False][:2])
    if prop.type == "bool":
        return tuple(next(x for x in schema.BOOL_VALUES[b] if (not x.isascii()) == (lang == "zh"))
                     for b in (True, False))
    return ()


def _is_text(prop: schema.Prop) -> bool:
    """Columns Excel must not read as numbers: ID and phone numbers and the codes that name nodes."""
    return prop.pii is not None or prop.name.endswith("_id") or prop.name in ("village_a", "village_b")


def ledger_columns(lang: str) -> list[Column]:
    out = []
    for field, zh, en_note, zh_note in LEDGER_COLUMNS:
        prop = _LEDGER_PROP.get(field)
        out.append(Column(zh if lang == "zh" else field, zh_note if lang == "zh" else en_note,
                          _choices(prop, lang), field in _TEXT_FIELDS, field == "head_name"))
    return out


def workbook_columns(sheet: schema.Sheet, lang: str) -> list[Column]:
    out = []
    for p in sheet.columns:
        header = p.zh[0] if lang == "zh" and p.zh else p.name
        note = ("必填" if lang == "zh" else "required") if p.required else ""
        out.append(Column(header, note, _choices(p, lang), _is_text(p), p.required))
    return out


def write_template(out: str | Path, *, kind: Kind = "ledger", lang: str = "zh") -> Path:
    """Write the empty template of ``kind`` (a flat ledger, or the normalised workbook's sheets) to ``out``."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    if kind not in ("ledger", "workbook"):
        raise PairnetError(f"unknown template kind {kind!r}: use ledger or workbook")
    if lang not in ("zh", "en"):
        raise PairnetError(f"unknown language {lang!r}: use zh or en")
    path = Path(out)
    if path.suffix.lower() != ".xlsx":
        raise PairnetError(f"{path}: a template is an .xlsx workbook; give a name ending in .xlsx")
    wb = Workbook()
    wb.remove(wb.active)
    if kind == "ledger":
        sheets = {LEDGER_SHEET[lang]: ledger_columns(lang)}
    else:
        sheets = {(schema.SHEET_ZH.get(s.name, (s.name,))[0] if lang == "zh" else s.name): workbook_columns(s, lang)
                  for s in schema.SHEETS}
    notes = wb.create_sheet(NOTES_SHEET[lang])
    notes.append(["工作表", "列", "说明", "可选值"] if lang == "zh" else ["sheet", "column", "what to write", "choices"])
    for title, cols in sheets.items():
        ws = wb.create_sheet(title)
        ws.append([c.header for c in cols])
        for i, c in enumerate(cols, start=1):
            cell = ws.cell(row=1, column=i)
            cell.font = Font(bold=True)
            letter = cell.column_letter
            ws.column_dimensions[letter].width = max(10, 2 * len(c.header) + 2)
            if c.text:
                for r in range(2, ROWS + 2):
                    ws.cell(row=r, column=i).number_format = "@"
            if c.choices:
                dv = DataValidation(type="list", formula1='"' + ",".join(c.choices) + '"', allow_blank=True)
                dv.error = ("请从下拉列表中选择" if lang == "zh" else "choose from the list")
                dv.showErrorMessage = kind == "workbook" or c.header not in ("单位类型", "unit_kind")
                ws.add_data_validation(dv)
                dv.add(f"{letter}2:{letter}{ROWS + 1}")
            notes.append([title, c.header, c.note, "、".join(c.choices) if lang == "zh" else ", ".join(c.choices)])
        ws.freeze_panes = "A2"
    wb.move_sheet(notes, offset=len(wb.sheetnames) - 1)
    import io

    buf = io.BytesIO()
    wb.save(buf)
    atomic.write_bytes(path, buf.getvalue())  # whole or not at all: a full disk leaves no half file
    return path
