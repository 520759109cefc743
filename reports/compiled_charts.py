"""The charts of the compiled report, as inline SVG shared by the preview page and the PDF."""

from __future__ import annotations

from core.charts import bar_chart, column_chart, line_chart, scale_for
from core.formatting import number


def _millions(value: int) -> str:
    return number(round(value / 1_000_000, 1))


def _participants(values: list[int]) -> tuple[str, list[int]]:
    """The participants series in a unit that fits its size: 950 stays 950, 48 200 reads 48 nghìn."""
    divisor, word = scale_for(values)
    label = f"Lượt người tham gia ({word})" if word else "Lượt người tham gia"
    return label, [round(value / divisor) for value in values]


def charts(data: dict) -> dict:
    wards = data["wards"]
    names = [row["name"].removeprefix("Phường ").removeprefix("Xã ") for row in wards]
    result = {
        "by_content_area": bar_chart(
            [(f"Nội dung {row['number']}", row["activities"]) for row in data["content_areas"]],
            title="Số hoạt động theo nội dung",
            unit="hoạt động",
        ),
        "models_per_ward": bar_chart(
            list(zip(names, [row["models_active"] for row in wards], strict=True))[:40],
            title="Mô hình tự quản đang hoạt động theo xã, phường",
            unit="mô hình",
        ),
        "funds_per_ward": bar_chart(
            list(zip(names, [row["funds_cash"] + row["funds_in_kind"] for row in wards], strict=True))[:40],
            title="Kinh phí vận động theo xã, phường",
            fmt=_millions,
            unit="triệu đồng",
        ),
    }
    previous = data.get("previous")
    categories = ([previous["code"]] if previous else []) + [data["period"]["code"]]
    activities = ([previous["activities"]] if previous else []) + [data["totals"]["activities"]]
    participants = _participants(
        ([previous["participants"]] if previous else []) + [data["totals"]["participants"]]
    )
    series = [("Hoạt động", activities), participants]
    result["trend"] = (
        line_chart(categories, series, title="So sánh với kỳ trước", unit="hoạt động, lượt người")
        if previous
        else column_chart(categories, series, title="Kết quả kỳ này", unit="hoạt động, lượt người")
    )
    return result
