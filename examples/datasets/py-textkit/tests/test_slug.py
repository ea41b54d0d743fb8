import pytest

from textkit import slugify


def test_basic_title():
    assert slugify("Hello, World!") == "hello-world"


def test_collapses_runs_and_trims_edges():
    assert slugify("  --Many   spaces__and___dashes--  ") == "many-spaces-and-dashes"


def test_accents_are_transliterated():
    assert slugify("Crème Brûlée à la carte") == "creme-brulee-a-la-carte"


def test_custom_separator():
    assert slugify("Release notes 2.0", separator="_") == "release_notes_2_0"


def test_nothing_left():
    assert slugify("!!! ???") == ""


def test_rejects_non_strings():
    with pytest.raises(TypeError):
        slugify(42)


def test_rejects_empty_separator():
    with pytest.raises(ValueError):
        slugify("abc", separator="")
