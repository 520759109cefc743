"""Vietnamese display formats come from one helper."""

import datetime

from core import formatting


def test_numbers_use_dots_between_thousands():
    assert formatting.number(1234567) == "1.234.567"
    assert formatting.number(0) == "0"
    assert formatting.number(None) == ""


def test_money_is_in_dong():
    assert formatting.money(1500000) == "1.500.000 đồng"


def test_long_date_pads_days_and_the_first_two_months():
    assert formatting.long_date(datetime.date(2025, 6, 5)) == "ngày 05 tháng 6 năm 2025"
    assert formatting.long_date(datetime.date(2025, 2, 18)) == "ngày 18 tháng 02 năm 2025"
    assert formatting.long_date(datetime.date(2025, 12, 1)) == "ngày 01 tháng 12 năm 2025"


def test_percent_of_nothing_expected_is_a_dash():
    assert formatting.percent(7, 12) == "58,3%"
    assert formatting.percent(3, 3) == "100%"
    assert formatting.percent(0, 0) == "—"
