"""The compiled report's charts: units per data, numbered captions in the preview and the PDF body."""

from django.template.loader import render_to_string

from reports.compiled_charts import charts


def _data(participants_before: int, participants_now: int) -> dict:
    return {
        "wards": [
            {"name": "Phường Tam Kỳ", "models_active": 2, "funds_cash": 12_500_000, "funds_in_kind": 0}
        ],
        "content_areas": [{"number": 1, "activities": 5}],
        "previous": {"code": "2026-6T", "activities": 40, "participants": participants_before},
        "period": {"code": "2026-N"},
        "totals": {"activities": 55, "participants": participants_now},
    }


def test_a_participants_trend_under_ten_thousand_is_not_rounded_to_thousands():
    trend = charts(_data(700, 950))["trend"]
    assert trend.rows[1] == ["2026-N", "55", "950"]
    assert "nghìn" not in trend.columns[2]


def test_a_large_participants_trend_reads_in_thousands():
    trend = charts(_data(30_000, 48_200))["trend"]
    assert trend.columns[2] == "Lượt người tham gia (nghìn)" and trend.rows[1][2] == "48"


def test_each_compiled_chart_has_a_numbered_caption_with_its_unit():
    html = render_to_string(
        "reports/_doc_chart.html", {"chart": charts(_data(1, 2))["funds_per_ward"], "number": 3}
    )
    assert "Biểu đồ 3. Kinh phí vận động theo xã, phường" in html
    assert "(đơn vị: triệu đồng)" in html
    assert "12,5" in html
