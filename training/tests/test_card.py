"""The model card's figures read as the reports that they come from."""
from skinlesion.card import _ci


def test_a_four_decimal_figure_on_the_half_rounds_up_as_the_report_prints_it():
    # 59/63 melanomas: the report rounds it to 0.9365 and prints 0.937; the float 0.9365 sits just below the half.
    assert _ci({"value": 0.9365, "ci95": [0.8676, 0.9861]}) == "0.937 (0.868–0.986)"


def test_a_figure_at_full_precision_keeps_its_ordinary_rounding():
    assert _ci(0.93649) == "0.936"
    assert _ci(0.7438) == "0.744"


def test_a_missing_figure_is_a_dash():
    assert _ci(None) == "—"
