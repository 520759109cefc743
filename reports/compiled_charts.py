"""The charts of the compiled report, as inline SVG shared by the preview page and the PDF."""

from __future__ import annotations

from core.charts import bar_chart, column_chart, line_chart
from core.formatting import number


def _short_money(value: int) -> str:
    return f"{number(round(value / 1_000_000, 1))} tr.đ"


def charts(data: dict) -> dict:
    wards = data["wards"]
    names = [row["name"].removeprefix("Phường ").removeprefix("Xã ") for row in wards]
    result = {
        "by_content_area": bar_chart(
            [(f"Nội dung {row['number']}", row["activities"]) for row in data["content_areas"]],
            title="Số hoạt động theo nội dung",
        ),
        "models_per_ward": bar_chart(
            list(zip(names, [row["models_active"] for row in wards], strict=True))[:40],
            title="Mô hình tự quản đang hoạt động theo xã, phường",
        ),
        "funds_per_ward": bar_chart(
            list(zip(names, [row["funds_cash"] + row["funds_in_kind"] for row in wards], strict=True))[:40],
            title="Kinh phí vận động theo xã, phường",
            fmt=_short_money,
        ),
    }
    previous = data.get("previous")
    categories = ([previous["code"]] if previous else []) + [data["period"]["code"]]
    series = [
        ("Hoạt động", ([previous["activities"]] if previous else []) + [data["totals"]["activities"]]),
        (
            "Lượt người tham gia (nghìn)",
            ([previous["participants"] // 1000] if previous else [])
            + [data["totals"]["participants"] // 1000],
        ),
    ]
    result["trend"] = (
        line_chart(categories, series, title="So sánh với kỳ trước")
        if previous
        else column_chart(categories, series, title="Kết quả kỳ này")
    )
    return result
