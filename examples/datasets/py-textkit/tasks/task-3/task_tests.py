import pytest

from textkit import from_roman, to_roman


@pytest.mark.parametrize(
    "bad",
    ["", "IIII", "VV", "VX", "IC", "XM", "IL", "MMMM", "IIV", "XXL",
     "CMCM", "DD", "LC", "IVI", "XIXI", " XI", "XI ", "X I", "XIZ"],
)
def test_malformed_numerals_are_rejected(bad):
    with pytest.raises(ValueError):
        from_roman(bad)


@pytest.mark.parametrize("numeral, value", [("mcmxciv", 1994), ("XlIx", 49), ("MMMCMXCIX", 3999), ("I", 1)])
def test_valid_numerals_any_case(numeral, value):
    assert from_roman(numeral) == value


def test_every_canonical_numeral_still_parses():
    for number in range(1, 4000):
        assert from_roman(to_roman(number)) == number


def test_type_error_kept():
    with pytest.raises(TypeError):
        from_roman(12)
    with pytest.raises(TypeError):
        from_roman(None)
