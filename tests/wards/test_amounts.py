"""The amount parser reads money the Vietnamese way and refuses anything else with a clear message."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from wards.logbook.amounts import parse_amount


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.500.000", 1_500_000),
        ("1500000", 1_500_000),
        ("1,5 triệu", 1_500_000),
        ("2 tỷ", 2_000_000_000),
        ("500 nghìn", 500_000),
        ("1 500 000 đồng", 1_500_000),
        ("0", 0),
        ("100 tỷ", 100_000_000_000),
    ],
)
def test_amounts_typed_the_usual_ways_are_read_in_dong(text, expected):
    assert parse_amount(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-5", "âm"),
        ("100.000.000.001", "100 tỷ"),
        ("101 tỷ", "100 tỷ"),
        ("abc", "Nhập số tiền"),
        ("1,2,3", "Nhập số tiền"),
        ("1,5", "số nguyên"),
    ],
)
def test_bad_amounts_are_refused_in_vietnamese(text, message):
    with pytest.raises(ValidationError) as error:
        parse_amount(text)
    assert message in " ".join(error.value.messages)


@given(st.one_of(st.text(), st.integers(), st.none(), st.floats(allow_nan=True)))
def test_no_input_raises_anything_but_a_validation_error(value):
    try:
        result = parse_amount(value)
    except ValidationError:
        return
    assert isinstance(result, int)
    assert 0 <= result <= 100_000_000_000


@given(st.integers(min_value=0, max_value=100_000_000_000))
def test_grouped_thousands_read_back_to_the_same_number(number):
    assert parse_amount(f"{number:,}".replace(",", ".")) == number
