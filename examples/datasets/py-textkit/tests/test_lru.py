import pytest

from textkit import LRUCache


def test_put_and_get():
    cache = LRUCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1
    assert cache.get("b") == 2
    assert len(cache) == 2


def test_evicts_oldest_insert():
    cache = LRUCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    cache.put("c", 3)
    assert "a" not in cache
    assert cache.keys() == ["b", "c"]


def test_put_existing_key_refreshes_it():
    cache = LRUCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    cache.put("a", 10)
    cache.put("c", 3)
    assert cache.keys() == ["a", "c"]
    assert cache.get("a") == 10


def test_miss_returns_default_and_counts():
    cache = LRUCache(1)
    assert cache.get("nope") is None
    assert cache.get("nope", 0) == 0
    cache.put("x", 1)
    cache.get("x")
    assert (cache.hits, cache.misses) == (1, 2)


def test_clear():
    cache = LRUCache(3)
    cache.put("a", 1)
    cache.get("a")
    cache.clear()
    assert len(cache) == 0
    assert (cache.hits, cache.misses) == (0, 0)


def test_capacity_must_be_positive():
    with pytest.raises(ValueError):
        LRUCache(0)
