"""textkit: a handful of small, dependency-free text utilities."""

from textkit.lru import LRUCache
from textkit.roman import from_roman, to_roman
from textkit.slug import slugify
from textkit.wrap import wrap

__all__ = ["LRUCache", "from_roman", "slugify", "to_roman", "wrap"]
__version__ = "0.3.0"
