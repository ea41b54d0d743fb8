"""Turn arbitrary titles into URL-friendly slugs."""

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(text, separator="-"):
    """Return a lowercase ASCII slug for ``text``.

    Accented letters are reduced to their base letter ("Café" -> "cafe"),
    every run of other characters becomes a single ``separator``, and
    separators never appear at the start or the end of the slug.
    """
    if not isinstance(text, str):
        raise TypeError("slugify() expects a str")
    if not separator:
        raise ValueError("separator must be a non-empty string")
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii")
    words = _NON_ALNUM.split(ascii_text.lower())
    return separator.join(word for word in words if word)
