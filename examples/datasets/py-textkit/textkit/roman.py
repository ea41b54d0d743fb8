"""Conversion between integers and Roman numerals (1..3999)."""

_NUMERALS = [
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
]

_SYMBOLS = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def to_roman(number):
    """Return the canonical Roman numeral for an int in 1..3999."""
    if isinstance(number, bool) or not isinstance(number, int):
        raise TypeError("to_roman() expects an int")
    if not 1 <= number <= 3999:
        raise ValueError("number out of range (1..3999): %d" % number)
    parts = []
    for value, symbol in _NUMERALS:
        count, number = divmod(number, value)
        parts.append(symbol * count)
    return "".join(parts)


def from_roman(numeral):
    """Return the int value of a Roman numeral such as "MCMXCIV"."""
    if not isinstance(numeral, str):
        raise TypeError("from_roman() expects a str")
    total = 0
    previous = 0
    for char in reversed(numeral.upper()):
        if char not in _SYMBOLS:
            raise ValueError("not a Roman numeral: %r" % numeral)
        value = _SYMBOLS[char]
        if value < previous:
            total -= value
        else:
            total += value
            previous = value
    return total
