"""Greedy word wrapping."""


def wrap(text, width):
    """Split ``text`` into lines of at most ``width`` characters.

    Words are separated by any whitespace and joined with single spaces.
    Words are never broken: a word longer than ``width`` gets a line of its
    own. Empty or blank text gives an empty list.
    """
    if width < 1:
        raise ValueError("width must be at least 1")
    lines = []
    current = ""
    for word in text.split():
        if not current:
            current = word
        elif len(current) + 1 + len(word) < width:
            current = current + " " + word
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


def fill(text, width):
    """Like :func:`wrap` but return one string with newline-separated lines."""
    return "\n".join(wrap(text, width))
