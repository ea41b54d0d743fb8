from textkit import LRUCache


def test_get_protects_key_from_eviction():
    cache = LRUCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1
    cache.put("c", 3)
    assert "a" in cache
    assert "b" not in cache
    assert cache.keys() == ["a", "c"]


def test_get_moves_key_to_most_recent_position():
    cache = LRUCache(3)
    for key in "xyz":
        cache.put(key, key.upper())
    cache.get("x")
    cache.get("y")
    assert cache.keys() == ["z", "x", "y"]


def test_miss_leaves_order_and_contents_alone():
    cache = LRUCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("zzz", "dflt") == "dflt"
    assert cache.keys() == ["a", "b"]
    assert "zzz" not in cache
    assert (cache.hits, cache.misses) == (0, 1)


def test_falsy_values_are_hits():
    cache = LRUCache(2)
    cache.put("zero", 0)
    cache.put("none", None)
    assert cache.get("zero", 99) == 0
    assert cache.get("none", 99) is None
    assert cache.keys() == ["zero", "none"]
    assert (cache.hits, cache.misses) == (2, 0)
