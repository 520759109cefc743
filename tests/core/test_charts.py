"""The SVG chart helper: empty data, one bar, many bars, escaping, and the text alternative."""

import re
import xml.etree.ElementTree as ET

from django.utils import translation

from core import charts
from core.formatting import money

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(str(svg))


def test_an_empty_chart_says_there_are_no_figures():
    with translation.override("vi"):
        svg = charts.bar_chart([], title="Mô hình theo xã, phường")
    root = _parse(svg)
    assert root.get("role") == "img"
    assert "Chưa có số liệu." in svg
    assert root.find(f"{SVG}rect") is None


def test_one_bar_fills_the_plot_and_prints_its_value():
    svg = charts.bar_chart([("An Xuân", 1234567)], title="Kinh phí", fmt=money)
    root = _parse(svg)
    bars = root.findall(f"{SVG}rect")
    assert len(bars) == 1
    assert float(bars[0].get("width")) > 200
    assert "1.234.567 đồng" in svg
    assert bars[0].find(f"{SVG}title").text == "An Xuân: 1.234.567 đồng"


def test_many_bars_are_proportional_and_all_listed_in_the_description():
    data = [(f"Phường {i}", i * 10) for i in range(1, 31)]
    root = _parse(charts.bar_chart(data, title="Hoạt động"))
    widths = [float(rect.get("width")) for rect in root.findall(f"{SVG}rect")]
    assert len(widths) == 30
    assert widths[0] * 30 == __import__("pytest").approx(widths[-1], rel=0.01)
    desc = root.find(f"{SVG}desc").text
    assert "Phường 1: 10" in desc and "Phường 30: 300" in desc


def test_all_zero_values_do_not_divide_by_zero():
    root = _parse(charts.bar_chart([("A", 0), ("B", 0)], title="t"))
    assert [rect.get("width") for rect in root.findall(f"{SVG}rect")] == ["0.0", "0.0"]


def test_labels_are_escaped_so_user_text_cannot_inject_markup():
    svg = charts.bar_chart([('<script>alert(1)</script>"', 3)], title="<b>x</b>")
    assert "<script>" not in svg and "<b>" not in svg
    _parse(svg)  # still well-formed XML


def test_column_chart_groups_series_by_category_with_a_legend():
    svg = charts.column_chart(
        ["2025-6T", "2025-N"], [("Nội dung 1", [3, 5]), ("Nội dung 2", [0, 7])], title="Hoạt động"
    )
    root = _parse(svg)
    assert len(root.findall(f"{SVG}rect")) == 2 + 4  # legend swatches + columns
    assert "2025-N – Nội dung 2: 7" in svg


def test_line_chart_draws_one_point_per_period_and_handles_a_single_period():
    root = _parse(charts.line_chart(["2024", "2025", "2026"], [("Hộ tham gia", [100, 250, 400])], title="t"))
    assert len(root.findall(f"{SVG}circle")) == 3
    assert root.find(f"{SVG}polyline") is not None
    single = _parse(charts.line_chart(["2025"], [("Hộ", [5])], title="t"))
    assert len(single.findall(f"{SVG}circle")) == 1


def test_charts_use_no_style_attributes_or_scripts():
    svg = str(charts.column_chart(["a"], [("s", [1])], title="t"))
    assert not re.search(r"\sstyle=|<script", svg)


def test_a_chart_carries_its_title_unit_and_figures_as_table_rows():
    chart = charts.bar_chart([("Tam Kỳ", 3), ("Bàn Thạch", 12)], title="Mô hình", unit="mô hình")
    assert (chart.title, chart.unit) == ("Mô hình", "mô hình")
    assert chart.rows == [["Tam Kỳ", "3"], ["Bàn Thạch", "12"]]
    with translation.override("vi"):
        drawn = charts.line_chart(["2025-N", "2026-N"], [("Hộ", [10, 20])], title="t", unit="hộ")
    assert "Đơn vị: hộ" in drawn
    assert drawn.columns == ["", "Hộ"] and drawn.rows[1] == ["2026-N", "20"]


def test_the_scale_follows_the_size_of_the_figures():
    assert charts.scale_for([950, 120]) == (1, "")
    assert charts.scale_for([48_200])[0] == 1_000
    assert charts.scale_for([25_000_000])[0] == 1_000_000
