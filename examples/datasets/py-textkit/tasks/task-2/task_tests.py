from textkit.wrap import fill, wrap


def test_line_of_exactly_width_is_kept():
    assert wrap("aaa bbb", 7) == ["aaa bbb"]


def test_exact_fit_in_the_middle():
    assert wrap("one two three four", 9) == ["one two", "three", "four"]
    assert wrap("ab cd ef gh", 5) == ["ab cd", "ef gh"]


def test_no_line_exceeds_width():
    text = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do"
    for width in range(5, 40):
        lines = wrap(text, width)
        assert " ".join(lines) == text
        for line in lines:
            # only a single over-long word may exceed the width
            assert len(line) <= width or " " not in line
        for first, second in zip(lines, lines[1:]):
            assert len(first) + 1 + len(second.split()[0]) > width


def test_fill_uses_exact_width():
    assert fill("alpha beta gamma delta", 10) == "alpha beta\ngamma\ndelta"


def test_width_one():
    assert wrap("a b c", 1) == ["a", "b", "c"]
