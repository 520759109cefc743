"""Official documents as Word files (python-docx), from the same context as the PDF, for clerks to edit.

The layout follows domain.md §8 as the PDF does: A4, margins 20/20/30/15 mm, Times New Roman 14 pt
justified body, the two header blocks (issuing body with Số; the nation lines with the italic date
line), the title and subject, sections, tables, then Nơi nhận beside the signature block. Annex tables
go on landscape pages.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from core.formatting import long_date, money, number, short_date

from .document import TOTAL_LABELS, UnitLists, list_annex

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 12
CENTER, RIGHT, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.JUSTIFY


# The page and its building blocks -----------------------------------------------------------------


def _document() -> Document:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(BODY_PT)
    # Some Word versions read Vietnamese text through the east-Asian/complex slots: name the font there too.
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)
    normal.paragraph_format.space_after = Pt(6)
    document.core_properties.language = "vi-VN"
    return document


def _line(cell_or_doc, text: str, *, align=CENTER, bold=False, italic=False, size=None, first=False):
    paragraph = cell_or_doc.paragraphs[0] if first else cell_or_doc.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    if size:
        run.font.size = Pt(size)
    return paragraph


def _header(document, left: Sequence[str], number_line: str, right: Sequence[str], date_line: str) -> None:
    """The two blocks: issuing body (last line bold) and Số; the nation lines (bold) and the italic date."""
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    left_cell, right_cell = table.rows[0].cells
    left_cell.width, right_cell.width = Mm(70), Mm(95)
    for index, text in enumerate(left):
        _line(left_cell, text, bold=index == len(left) - 1, size=13, first=index == 0)
    _line(left_cell, "―――――", size=10)
    _line(left_cell, number_line, size=13)
    for index, text in enumerate(right):
        _line(right_cell, text, bold=True, size=13 if index == 0 else 14, first=index == 0)
    _line(right_cell, "――――――――――――", size=10)
    _line(right_cell, date_line, italic=True)


def _title(document, title: str, subject: str) -> None:
    _line(document, "")
    _line(document, title, bold=True)
    _line(document, subject, bold=True)
    _line(document, "―――――", size=10)


def _heading(document, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(6)
    paragraph.add_run(text).bold = True


def _paragraph(document, text: str) -> None:
    paragraph = document.add_paragraph(text)
    paragraph.alignment = JUSTIFY
    paragraph.paragraph_format.first_line_indent = Mm(10)


def _table(document, headers: Sequence[str], rows: Sequence[Sequence], *, total_rows: int = 0) -> None:
    """A table with a bold header row; its last `total_rows` rows are totals, bold too."""
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        _line(cell, str(header), bold=True, size=TABLE_PT, first=True)
    for index, row in enumerate(rows):
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            numeric = isinstance(value, int) and not isinstance(value, bool)
            text = number(value) if numeric else ("" if value is None else str(value))
            bold = index >= len(rows) - total_rows
            _line(
                cell,
                text,
                align=RIGHT if numeric else WD_ALIGN_PARAGRAPH.LEFT,
                bold=bold,
                size=TABLE_PT,
                first=True,
            )


def _footer(document, recipients: Sequence[str], signature: Sequence[str], signer: str) -> None:
    """Nơi nhận (bold italic 12 pt, the list 11 pt) beside the signature block (signer bold)."""
    _line(document, "")
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.width, right.width = Mm(85), Mm(80)
    _line(left, "Nơi nhận:", align=WD_ALIGN_PARAGRAPH.LEFT, bold=True, italic=True, size=12, first=True)
    for text in recipients:
        _line(left, f"- {text}", align=WD_ALIGN_PARAGRAPH.LEFT, size=11)
    for index, text in enumerate(signature):
        _line(right, text, bold=True, first=index == 0)
    for _ in range(3):
        _line(right, "")
    if signer:
        _line(right, signer, bold=True)


def _landscape(document) -> None:
    section = document.add_section()
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin, section.right_margin = Mm(20), Mm(15)


def _bytes(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# The city's compiled report -----------------------------------------------------------------------


def city_report_docx(context: dict) -> bytes:
    """The compiled report from reports.compile.document_context(report, data)."""
    report, config, data = context["report"], context["config"], context["data"]
    t, c = data["totals"], data["completeness"]
    document = _document()
    document.core_properties.title = f"Báo cáo tổng hợp {context['period'].code}"
    document.core_properties.author = (
        f"{config.header_unit} {config.header_parent} {config.header_name}".strip()
    )
    _header(
        document,
        [config.header_parent, config.header_name, config.header_unit],
        f"Số: {context['number']}",
        [config.right_header_line_1, config.right_header_line_2],
        f"{config.place_name}, {long_date(report.document_date)}",
    )
    _title(
        document,
        "BÁO CÁO",
        f"{context['subject']} thực hiện {context['plan_line']} về xây dựng khu dân cư tự quản, "
        "đoàn kết, ấm no, hạnh phúc",
    )
    _heading(document, "I. ĐẶC ĐIỂM TÌNH HÌNH")
    window = data["period"]["window"]
    _paragraph(
        document,
        f"Trong kỳ báo cáo (từ {window[0]} đến {window[1]}), toàn thành phố có "
        f"{number(t['wards'])} xã, phường với {number(t['areas'])} khu dân cư. Đã nhận "
        f"{number(c['submitted'])}/{number(c['expected'])} báo cáo của các đơn vị, "
        f"trong đó {number(c['on_time'])} báo cáo đúng hạn.",
    )
    _heading(document, "II. KẾT QUẢ THỰC HIỆN")
    criteria = (
        f"; khu dân cư đạt đủ tiêu chí: {number(t['criteria_met'])}"
        if t.get("criteria_met") is not None
        else ""
    )
    _paragraph(
        document,
        f"Tổng số hoạt động: {number(t['activities'])}; lượt người tham gia: {number(t['participants'])}; "
        f"kinh phí vận động bằng tiền mặt: {money(t['funds_cash'])}; "
        f"hiện vật quy đổi: {money(t['funds_in_kind'])}; "
        f"nhà xây mới, sửa chữa: {number(t['houses'])}; mô hình tự quản đang hoạt động: "
        f"{number(t['models_active'])} (mới: {number(t['models_new'])}); hương ước, quy ước được rà soát: "
        f"{number(t['covenants_reviewed'])}; Ngày hội Đại đoàn kết toàn dân tộc tổ chức tại "
        f"{number(t['unity_day'])}/{number(t['areas'])} khu dân cư{criteria}.",
    )
    _heading(document, "1. Kết quả theo từng nội dung")
    _table(
        document,
        ["Nội dung", "Hoạt động", "Lượt người", "Tiền mặt (đồng)", "Hiện vật (đồng)"],
        [
            [
                f"{row['number']}. {row['title']}",
                row["activities"],
                row["participants"],
                row["funds_cash"],
                row["funds_in_kind"],
            ]
            for row in data["content_areas"]
        ],
    )
    lists = context["lists"]
    _heading(document, "2. Kết quả xây dựng khu dân cư thí điểm")
    _paragraphs(document, lists.pilots.body)
    _heading(document, "3. Mô hình tự quản tiêu biểu và nhân rộng")
    _paragraphs(document, lists.models.body)
    if data.get("previous"):
        previous = data["previous"]
        _heading(document, f"4. So sánh với kỳ trước ({previous['code']})")
        _paragraph(
            document,
            f"Số hoạt động: {number(previous['activities'])} → {number(t['activities'])}; "
            "lượt người tham gia: "
            f"{number(previous['participants'])} → {number(t['participants'])}; tiền mặt: "
            f"{money(previous['funds_cash'])} → {money(t['funds_cash'])}.",
        )
    _heading(document, "III. ĐÁNH GIÁ CHUNG")
    _heading(document, "1. Tiến độ, chất lượng báo cáo của các đơn vị")
    _paragraph(document, f"Đơn vị nộp muộn: {', '.join(c['late']) or 'không có'}.")
    _paragraph(document, f"Đơn vị chưa nộp: {', '.join(c['missing']) or 'không có'}.")
    _heading(document, "2. Hạn chế, nguyên nhân")
    _paragraphs(document, lists.shortcomings.body)
    _heading(document, "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI")
    _paragraphs(document, lists.directions.body)
    _heading(document, "V. ĐỀ XUẤT, KIẾN NGHỊ")
    _paragraphs(document, lists.proposals.body)
    _heading(document, "VI. ĐỀ NGHỊ KHEN THƯỞNG")
    for n in data["nominations"]:
        _paragraph(document, f"- {n['name']} ({n['unit']}): {n['achievement']}")
    if not data["nominations"]:
        _paragraph(document, "Không có.")
    _footer(
        document,
        config.recipient_lines,
        [config.signer_on_behalf, config.signer_title],
        config.signer_name,
    )
    _city_annex(document, data)
    _list_annex(document, lists)
    return _bytes(document)


def _paragraphs(document, lines: list[str]) -> None:
    for line in lines:
        _paragraph(document, line)


def _list_annex(document, lists: UnitLists) -> None:
    sections = list_annex(lists)
    if not sections:
        return
    section = document.add_section()
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = (
        document.sections[0].left_margin,
        document.sections[0].right_margin,
    )
    _heading(document, lists.title)
    for unit_section in sections:
        _heading(document, f"{unit_section['number']}. {unit_section['heading']}")
        _paragraphs(document, unit_section["lines"])


def _city_annex(document, data: dict) -> None:
    _landscape(document)
    _heading(document, "PHỤ LỤC 1. KẾT QUẢ THEO XÃ, PHƯỜNG")
    annual = data["totals"].get("criteria_met") is not None
    keys = [
        "areas",
        "models_active",
        "models_new",
        "activities",
        "participants",
        "funds_cash",
        "funds_in_kind",
    ]
    keys += ["houses", "covenants_reviewed", "unity_day"] + (["criteria_met"] if annual else [])
    headers = [
        "TT",
        "Xã, phường",
        "Số KDC",
        "KDC thí điểm",
        "Mô hình",
        "Mô hình mới",
        "Hoạt động",
        "Lượt người",
    ]
    headers += ["Tiền mặt (đồng)", "Hiện vật (đồng)", "Nhà", "Hương ước rà soát", "Ngày hội (KDC)"]
    headers += ["KDC đạt tiêu chí"] if annual else []
    rows = [
        [str(index), w["name"], w["areas"], w["pilot"], *[w[key] for key in keys[1:]]]
        for index, w in enumerate(data["wards"], 1)
    ]
    totals = data["ward_totals"]
    rows.append(["", TOTAL_LABELS.wards, totals["areas"], "", *[totals.get(key) for key in keys[1:]]])
    _table(document, headers, rows, total_rows=1)
    _heading(document, "PHỤ LỤC 2. KẾT QUẢ CỦA CÁC TỔ CHỨC THÀNH VIÊN")
    org_keys = [
        "models_active",
        "models_new",
        "activities",
        "participants",
        "funds_cash",
        "funds_in_kind",
        "houses",
    ]
    _table(
        document,
        [
            "TT",
            "Tổ chức",
            "Mô hình",
            "Mô hình mới",
            "Hoạt động",
            "Lượt người",
            "Tiền mặt (đồng)",
            "Hiện vật (đồng)",
            "Nhà",
        ],
        [
            *(
                [str(index), o["name"], *[o[key] for key in org_keys]]
                for index, o in enumerate(data["organisations"], 1)
            ),
            ["", TOTAL_LABELS.organisations, *[data["organisation_totals"][key] for key in org_keys]],
            ["", TOTAL_LABELS.grand, *[data["totals"][key] for key in org_keys]],
        ],
        total_rows=2,
    )


# One unit's report ----------------------------------------------------------------------------------


def unit_report_docx(context: dict) -> bytes:
    """One unit's report from reports.views.unit_report_document(report)."""
    report, programme, config = context["report"], context["programme"], context["organisation"]
    document = _document()
    document.core_properties.title = f"Báo cáo {report.period.code} — {report.unit_name}"
    document.core_properties.author = report.unit_name
    _header(
        document,
        context["header"],
        f"Số: ……/{context['number_suffix']}",
        [
            config.right_header_line_1 if config else "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            config.right_header_line_2 if config else "Độc lập - Tự do - Hạnh phúc",
        ],
        f"{context['place']}, {long_date(context['date'])}",
    )
    period = report.period
    subject = f"Tổng kết năm {period.year}" if period.is_annual else f"Sơ kết 6 tháng đầu năm {period.year}"
    if programme:
        subject += f" thực hiện Kế hoạch số {programme.plan_number} ngày {short_date(programme.plan_date)}"
    _title(document, "BÁO CÁO", subject + " về xây dựng khu dân cư tự quản, đoàn kết, ấm no, hạnh phúc")
    for index, (label, text) in enumerate(context["sections"], 1):
        if index == 3:
            _heading(document, "III. Đánh giá chung")
        _heading(document, str(label))
        paragraphs = [line for line in (text or "").splitlines() if line.strip()]
        for paragraph in paragraphs or ["—"]:
            _paragraph(document, paragraph)
        if index == 2:
            _table(
                document,
                ["TT", "Chỉ tiêu", "Kết quả"],
                [
                    [str(n), str(label), money(value) if kind == "money" else value]
                    for n, (label, value, kind, _url) in enumerate(context["figure_rows"], 1)
                ],
            )
    if context["nominations"]:
        _heading(document, "Đề nghị khen thưởng")
        for nomination in context["nominations"]:
            _paragraph(
                document, f"- {nomination.get_kind_display()}: {nomination.name}. {nomination.achievement}"
            )
    _footer(
        document,
        [f"{context['superior']} (b/c);", "Lưu: VT."],
        ["TM. BAN THƯỜNG TRỰC" if report.ward_id else "TM. BAN THƯỜNG VỤ", "CHỦ TỊCH"],
        "",
    )
    return _bytes(document)
