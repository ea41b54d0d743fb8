import pytest

from textkit import from_roman, to_roman


@pytest.mark.parametrize(
    "number, numeral",
    [(1, "I"), (4, "IV"), (9, "IX"), (14, "XIV"), (40, "XL"), (90, "XC"),
     (400, "CD"), (1994, "MCMXCIV"), (2024, "MMXXIV"), (3999, "MMMCMXCIX")],
)
def test_known_values(number, numeral):
    assert to_roman(number) == numeral
    assert from_roman(numeral) == number


def test_lowercase_is_accepted():
    assert from_roman("mcmxc") == 1990


def test_round_trip():
    for number in range(1, 4000):
        assert from_roman(to_roman(number)) == number


@pytest.mark.parametrize("bad", [0, -3, 4000])
def test_to_roman_range(bad):
    with pytest.raises(ValueError):
        to_roman(bad)


def test_to_roman_type():
    with pytest.raises(TypeError):
        to_roman("12")
    with pytest.raises(TypeError):
        to_roman(True)


def test_from_roman_rejects_unknown_symbols():
    with pytest.raises(ValueError):
        from_roman("XIZ")
