import pytest

from textkit.wrap import fill, wrap


def test_wraps_greedily():
    assert wrap("the quick brown fox jumps", 10) == ["the quick", "brown fox", "jumps"]


def test_normalises_whitespace():
    assert wrap("  one\ttwo\n\nthree  ", 40) == ["one two three"]


def test_long_word_gets_its_own_line():
    assert wrap("a supercalifragilistic b", 6) == ["a", "supercalifragilistic", "b"]


def test_blank_text():
    assert wrap("   ", 10) == []


def test_fill_joins_lines():
    assert fill("alpha beta gamma", 11) == "alpha beta\ngamma"


def test_rejects_zero_width():
    with pytest.raises(ValueError):
        wrap("x", 0)
