"""The compiled report's layout: the units' own lines, the annex grouped by the alphabet, and the parts
the PDF is rendered in.

A reader of a 2,500-unit annex finds a unit as in a directory: units in Vietnamese alphabetical order of
their names (without "Xã"/"Phường"), under one heading per initial letter, each heading a PDF bookmark.

The units' own lines (their pilots, exemplary and replicated models, shortcomings, directions and
proposals: `unit_lists`) are listed in the body of a report on a few units, as a city's report on its
wards reads. A report on more than UNITS_LISTED_IN_BODY units says in the body how many there are and
lists them in annex 3, after the signature: a province's report on 250 units, or a national one on 2,500,
stays a report its leader can read and sign, with the detail where a reader looks a unit up.

Annex 1 is cut into parts of at most ROWS_PER_PART rows, annex 3 into parts of at most ITEMS_PER_PART
lines, each part starting on a new page, whether the document is rendered at once or part by part, so
both renders lay out the same pages.
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import ClassVar

from core.formatting import number
from programs.models import PilotStatus

ROWS_PER_PART = 200
ITEMS_PER_PART = 1000
UNITS_LISTED_IN_BODY = 30
LIST_ANNEX_TITLE = "PHỤ LỤC 3. CHI TIẾT THEO ĐƠN VỊ"
ALPHABET = "AĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY"
_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_KIND_PREFIXES = ("Xã ", "Phường ", "Thị trấn ")


@dataclass(frozen=True)
class TotalLabels:
    """The annexes' total rows, worded alike in the PDF, the web preview, the Word document and the
    workbook: the wards' subtotal (annex 1), the member organisations' and the grand total (annex 2)."""

    wards: str = "Cộng các xã, phường"
    organisations: str = "Cộng các tổ chức thành viên"
    grand: str = "Tổng cộng (xã, phường và tổ chức thành viên)"


TOTAL_LABELS = TotalLabels()


def _without_tones(text: str) -> str:
    return unicodedata.normalize(
        "NFC", "".join(c for c in unicodedata.normalize("NFD", text) if c not in _TONE_MARKS)
    )


def sort_key(name: str) -> tuple:
    """Vietnamese dictionary order: letters by ALPHABET (Đ after D, Ư after U), then tone-less text."""
    base = _without_tones(name).upper()
    return (tuple(ALPHABET.find(c) if c in ALPHABET else 100 + ord(c) for c in base), name)


def plain_name(name: str) -> str:
    for prefix in _KIND_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def initial(name: str) -> str:
    first = _without_tones(plain_name(name))[:1].upper()
    return first if first in ALPHABET else "#"


def annex_parts(wards: list[dict], *, rows_per_part: int = ROWS_PER_PART) -> list[dict]:
    """The ward annex as parts: [{"annex_part": n, "groups": [{"letter", "rows": [(tt, row)]}]}].

    Rows are numbered (tt) in the alphabetical order; a letter whose rows span two parts is headed in
    both ("B (tiếp)" in the second). The parts are as even as they can be (250 rows: two of 125, not 200
    and 50): the longest part bounds a render whose parts run side by side."""
    ordered = sorted(wards, key=lambda row: sort_key(plain_name(row["name"])))
    size = max(1, math.ceil(len(ordered) / math.ceil(len(ordered) / rows_per_part))) if ordered else 1
    parts: list[dict] = []
    for start in range(0, len(ordered), size) or [0]:
        groups: list[dict] = []
        for tt, row in enumerate(ordered[start : start + size], start=start + 1):
            letter = initial(row["name"])
            if not groups or groups[-1]["letter"] != letter:
                continued = bool(parts) and tt == start + 1 and initial(ordered[start - 1]["name"]) == letter
                groups.append({"letter": letter, "continued": continued, "rows": []})
            groups[-1]["rows"].append((tt, row))
        parts.append({"annex_part": len(parts) + 1, "groups": groups, "last": False})
    parts[-1]["last"] = True
    return parts


@dataclass(frozen=True)
class UnitList:
    """One list of the units' own lines: its heading and item number in annex 3, its lines, what the
    body says when it is empty, and what the body says of it when its lines are in annex 3."""

    number: int
    heading: str
    lines: list[str]
    empty: str
    summary: str
    in_annex: bool

    @property
    def body(self) -> list[str]:
        """What the body shows of it: the summary when its lines are in annex 3, else its lines."""
        if self.lines and self.in_annex:
            return [self.summary]
        return self.lines or [self.empty]


@dataclass(frozen=True)
class UnitLists:
    title: ClassVar[str] = LIST_ANNEX_TITLE
    in_annex: bool
    pilots: UnitList
    models: UnitList
    shortcomings: UnitList
    directions: UnitList
    proposals: UnitList

    def all(self) -> list[UnitList]:
        return [self.pilots, self.models, self.shortcomings, self.directions, self.proposals]


def unit_lists(data: dict) -> UnitLists:
    """The units' own lines of the compiled report's data, formatted once for the PDF, the web view and
    the Word document, and where they go (the body, or annex 3)."""
    pilots = [
        f"- {p['level']} – {p['unit']}: {p['area']} ({p['status']})"
        + (f"; đánh giá ngày {p['evaluated_on']}: {p['rating']}. {p['results']}" if p["evaluated_on"] else "")
        for p in data["pilots"]
    ]
    statuses = Counter(p["status"] for p in data["pilots"])
    by_status = "; ".join(
        f"{str(label).lower()}: {number(statuses[str(label)])}"
        for label in PilotStatus.labels
        if statuses[str(label)]
    )
    exemplary = [f"- Tiêu biểu: {m['name']} ({m['unit']})." for m in data["exemplary"]]
    replicated = [
        f"- Nhân rộng: {m['name']} ({m['unit']}), từ mô hình {m['from']}." for m in data["replicated"]
    ]
    shortcomings = [
        f"- {h['unit']}: {h['weaknesses']}" + (f" Nguyên nhân: {h['causes']}" if h["causes"] else "")
        for h in data["shortcomings"]
    ]
    directions = [f"- {d['unit']}: {d['text']}" for d in data["directions"]]
    proposals = [f"- {h['unit']}: {h['proposals']}" for h in data["proposals"]]
    where = "chi tiết tại Phụ lục 3, mục"
    many_units = len(data["wards"]) + len(data["organisations"]) > UNITS_LISTED_IN_BODY
    in_annex = many_units and any((pilots, exemplary, replicated, shortcomings, directions, proposals))
    return UnitLists(
        in_annex=in_annex,
        pilots=UnitList(
            1,
            "Khu dân cư thí điểm",
            pilots,
            "Chưa có khu dân cư thí điểm.",
            f"Có {number(len(pilots))} khu dân cư thí điểm ({by_status}); {where} 1.",
            in_annex,
        ),
        models=UnitList(
            2,
            "Mô hình tự quản tiêu biểu và nhân rộng",
            exemplary + replicated,
            "Chưa có mô hình tiêu biểu hoặc nhân rộng.",
            f"{number(len(exemplary))} mô hình tiêu biểu, "
            f"{number(len(replicated))} mô hình được nhân rộng; {where} 2.",
            in_annex,
        ),
        shortcomings=UnitList(
            3,
            "Hạn chế, nguyên nhân",
            shortcomings,
            "Không có.",
            f"{number(len(shortcomings))} đơn vị nêu hạn chế, nguyên nhân; {where} 3.",
            in_annex,
        ),
        directions=UnitList(
            4,
            "Phương hướng, nhiệm vụ kỳ tới",
            directions,
            "Không có.",
            f"{number(len(directions))} đơn vị nêu phương hướng, nhiệm vụ; {where} 4.",
            in_annex,
        ),
        proposals=UnitList(
            5,
            "Đề xuất, kiến nghị",
            proposals,
            "Không có.",
            f"{number(len(proposals))} đơn vị có đề xuất, kiến nghị; {where} 5.",
            in_annex,
        ),
    )


def list_parts(lists: UnitLists, *, items_per_part: int = ITEMS_PER_PART) -> list[dict]:
    """Annex 3 as parts, none when the lines are in the body: [{"list_part": n, "sections": [{"number",
    "heading", "continued", "lines"}]}]. A list whose lines span two parts is headed in both ("(tiếp)")."""
    if not lists.in_annex:
        return []
    parts: list[dict] = []
    room = 0
    for unit_list in lists.all():
        for index, line in enumerate(unit_list.lines or [unit_list.empty]):
            if room == 0:
                parts.append({"list_part": len(parts) + 1, "sections": []})
                room = items_per_part
            sections = parts[-1]["sections"]
            if not sections or sections[-1]["number"] != unit_list.number:
                heading = {"number": unit_list.number, "heading": unit_list.heading, "continued": index > 0}
                sections.append({**heading, "lines": []})
            sections[-1]["lines"].append(line)
            room -= 1
    return parts


def list_annex(lists: UnitLists) -> list[dict]:
    """Annex 3 in one piece, for the web view: its sections (none when the lines are in the body)."""
    parts = list_parts(lists, items_per_part=sum(len(unit_list.lines) + 1 for unit_list in lists.all()))
    return parts[0]["sections"] if parts else []


def document_parts(
    data: dict, *, rows_per_part: int = ROWS_PER_PART, items_per_part: int = ITEMS_PER_PART
) -> list[dict]:
    """What to render, in order: the report itself, then each part of annex 1 (the last with the member
    organisations' annex 2), then each part of annex 3. Each dict is added to the template's context for
    that part."""
    return [
        {"part": "main"},
        *({"part": "annex", **annex} for annex in annex_parts(data["wards"], rows_per_part=rows_per_part)),
        *(
            {"part": "lists", **lists}
            for lists in list_parts(unit_lists(data), items_per_part=items_per_part)
        ),
    ]


def whole_document(
    data: dict, *, rows_per_part: int = ROWS_PER_PART, items_per_part: int = ITEMS_PER_PART
) -> dict:
    """What the template needs to render the whole document at once (the same pages as its parts)."""
    return {
        "annex_parts": annex_parts(data["wards"], rows_per_part=rows_per_part),
        "list_parts": list_parts(unit_lists(data), items_per_part=items_per_part),
    }
