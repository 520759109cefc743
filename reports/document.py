"""The compiled report's PDF layout: the annex grouped by the alphabet, and the parts it is rendered in.

A reader of a 2,500-unit annex finds a unit as in a directory: units in Vietnamese alphabetical order of
their names (without "Xã"/"Phường"), under one heading per initial letter, each heading a PDF bookmark.
The annex is cut into parts of at most ROWS_PER_PART rows, each starting on a new page, whether the
document is rendered at once or part by part, so both renders lay out the same pages.
"""

from __future__ import annotations

import unicodedata

ROWS_PER_PART = 200
ALPHABET = "AĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY"
_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_KIND_PREFIXES = ("Xã ", "Phường ", "Thị trấn ")


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
    both ("B (tiếp)" in the second)."""
    ordered = sorted(wards, key=lambda row: sort_key(plain_name(row["name"])))
    parts: list[dict] = []
    for start in range(0, len(ordered), rows_per_part) or [0]:
        groups: list[dict] = []
        for number, row in enumerate(ordered[start : start + rows_per_part], start=start + 1):
            letter = initial(row["name"])
            if not groups or groups[-1]["letter"] != letter:
                continued = (
                    bool(parts) and number == start + 1 and initial(ordered[start - 1]["name"]) == letter
                )
                groups.append({"letter": letter, "continued": continued, "rows": []})
            groups[-1]["rows"].append((number, row))
        parts.append({"annex_part": len(parts) + 1, "groups": groups, "last": False})
    parts[-1]["last"] = True
    return parts


def document_parts(wards: list[dict], *, rows_per_part: int = ROWS_PER_PART) -> list[dict]:
    """What to render, in order: the report itself, then each part of the annex (the last with the
    member organisations' annex). Each dict is added to the template's context for that part."""
    return [
        {"part": "main"},
        *({"part": "annex", **annex} for annex in annex_parts(wards, rows_per_part=rows_per_part)),
    ]
