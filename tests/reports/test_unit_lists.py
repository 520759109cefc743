"""The units' own lines of the compiled report: in the body for a few units, in annex 3 for many."""

from reports import document
from reports.document import list_annex, list_parts, unit_lists


def _data(units: int, *, pilots: int = 0, shortcomings: int = 0) -> dict:
    return {
        "wards": [{"name": f"Xã {n}"} for n in range(units)],
        "organisations": [],
        "pilots": [
            {
                "level": "Cấp xã, phường",
                "unit": f"Xã {n}",
                "area": f"Khu {n}",
                "status": "Đã chọn" if n % 3 else "Đã đánh giá",
                "evaluated_on": "01/05/2025" if n % 3 == 0 else "",
                "rating": "Tốt" if n % 3 == 0 else "",
                "results": "Đạt." if n % 3 == 0 else "",
            }
            for n in range(pilots)
        ],
        "exemplary": [{"name": "Camera an ninh", "unit": "Xã 0", "type": "An ninh"}],
        "replicated": [],
        "shortcomings": [
            {"unit": f"Xã {n}", "weaknesses": "Kinh phí ít.", "causes": ""} for n in range(shortcomings)
        ],
        "directions": [],
        "proposals": [],
    }


def test_a_report_on_a_few_units_lists_their_lines_in_the_body_and_has_no_annex_3():
    lists = unit_lists(_data(document.UNITS_LISTED_IN_BODY, pilots=3, shortcomings=2))
    assert not lists.in_annex
    assert (
        lists.pilots.lines[0]
        == "- Cấp xã, phường – Xã 0: Khu 0 (Đã đánh giá); đánh giá ngày 01/05/2025: Tốt. Đạt."
    )
    assert lists.pilots.lines[1] == "- Cấp xã, phường – Xã 1: Khu 1 (Đã chọn)"
    assert lists.shortcomings.lines == ["- Xã 0: Kinh phí ít.", "- Xã 1: Kinh phí ít."]
    assert list_parts(lists) == [] and list_annex(lists) == []
    assert lists.pilots.body == lists.pilots.lines and lists.directions.body == ["Không có."]


def test_a_report_on_many_units_says_how_many_lines_each_list_has_and_where_they_are():
    lists = unit_lists(_data(document.UNITS_LISTED_IN_BODY + 1, pilots=7, shortcomings=4))
    assert lists.in_annex
    assert lists.pilots.summary == (
        "Có 7 khu dân cư thí điểm (đã chọn: 4; đã đánh giá: 3); chi tiết tại Phụ lục 3, mục 1."
    )
    assert (
        lists.models.summary
        == "1 mô hình tiêu biểu, 0 mô hình được nhân rộng; chi tiết tại Phụ lục 3, mục 2."
    )
    assert lists.shortcomings.summary == "4 đơn vị nêu hạn chế, nguyên nhân; chi tiết tại Phụ lục 3, mục 3."
    assert lists.directions.lines == [] and lists.directions.empty == "Không có."
    assert lists.pilots.body == [lists.pilots.summary] and lists.directions.body == ["Không có."]


def test_annex_3_is_cut_into_parts_of_at_most_the_given_lines_and_a_list_split_is_headed_again():
    lists = unit_lists(_data(40, pilots=5, shortcomings=2))
    parts = list_parts(lists, items_per_part=4)
    # 5 pilots, 1 model, 2 shortcomings, and "Không có." under directions and proposals: 10 lines.
    assert [sum(len(section["lines"]) for section in part["sections"]) for part in parts] == [4, 4, 2]
    assert [part["list_part"] for part in parts] == [1, 2, 3]
    headings = [(s["number"], s["continued"]) for part in parts for s in part["sections"]]
    assert headings == [(1, False), (1, True), (2, False), (3, False), (4, False), (5, False)]
    assert parts[2]["sections"][-1]["lines"] == ["Không có."]
    whole = list_annex(lists)
    assert [s["number"] for s in whole] == [1, 2, 3, 4, 5] and not any(s["continued"] for s in whole)
    assert sum(len(s["lines"]) for s in whole) == 10


def test_the_counts_of_the_body_read_as_vietnamese_numbers():
    lists = unit_lists(_data(1200, pilots=1200, shortcomings=1001))
    assert lists.pilots.summary.startswith("Có 1.200 khu dân cư thí điểm (đã chọn: 800; đã đánh giá: 400);")
    assert lists.shortcomings.summary.startswith("1.001 đơn vị nêu hạn chế")


def test_a_report_on_many_units_none_of_which_has_a_line_keeps_its_empty_lists_in_the_body():
    data = {**_data(document.UNITS_LISTED_IN_BODY + 1), "exemplary": []}
    lists = unit_lists(data)
    assert not lists.in_annex and list_parts(lists) == []
    assert [unit_list.empty for unit_list in lists.all()][:2] == [
        "Chưa có khu dân cư thí điểm.",
        "Chưa có mô hình tiêu biểu hoặc nhân rộng.",
    ]
