import pytest

from textkit import slugify


def test_default_is_unlimited():
    title = "A fairly long title that keeps going and going"
    assert slugify(title) == slugify(title, max_length=None)
    assert slugify(title) == "a-fairly-long-title-that-keeps-going-and-going"


def test_cuts_at_word_boundary():
    assert slugify("The Quick Brown Fox", max_length=15) == "the-quick-brown"
    assert slugify("The Quick Brown Fox", max_length=14) == "the-quick"
    assert slugify("The Quick Brown Fox", max_length=9) == "the-quick"
    assert slugify("The Quick Brown Fox", max_length=8) == "the"


def test_short_enough_is_unchanged():
    assert slugify("Hello World", max_length=11) == "hello-world"
    assert slugify("Hello World", max_length=50) == "hello-world"


def test_first_word_too_long_is_truncated():
    assert slugify("Supercalifragilistic day", max_length=5) == "super"
    assert slugify("abc", max_length=1) == "a"


def test_multi_character_separator():
    assert slugify("one two three", separator="--", max_length=8) == "one--two"
    assert slugify("one two three", separator="--", max_length=7) == "one"


def test_accents_and_limit():
    assert slugify("Crème Brûlée", max_length=6) == "creme"


def test_never_ends_with_separator():
    text = "alpha beta gamma delta epsilon"
    for limit in range(1, 40):
        slug = slugify(text, max_length=limit)
        assert len(slug) <= limit
        assert slug and not slug.endswith("-") and not slug.startswith("-")


def test_empty_slug_stays_empty():
    assert slugify("!!!", max_length=3) == ""


@pytest.mark.parametrize("bad", [0, -1])
def test_invalid_limit(bad):
    with pytest.raises(ValueError):
        slugify("abc", max_length=bad)
