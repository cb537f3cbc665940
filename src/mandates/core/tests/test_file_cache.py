"""The shared file cache of ``make serve`` (``core.file_cache.FileCache``): Django's file cache, counting its
folder only when it may be near ``MAX_ENTRIES``, and still culling when it is full."""
from mandates.core.file_cache import SHARERS, FileCache


def _cache(tmp_path, max_entries):
    return FileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": max_entries, "CULL_FREQUENCY": 3}})


def _files(tmp_path):
    return len(list(tmp_path.glob("*.djcache")))


def test_far_from_full_it_lists_its_folder_rarely(tmp_path, monkeypatch):
    cache = _cache(tmp_path, 20000)
    listings = []
    listing = cache._list_cache_files
    monkeypatch.setattr(cache, "_list_cache_files", lambda: listings.append(1) or listing())
    for n in range(300):
        cache.set(f"page-{n}", b"x" * 100)
    assert len(listings) == 1  # Django's own backend lists the folder on each of the 300 writes
    assert _files(tmp_path) == 300
    assert cache.get("page-7") == b"x" * 100 and cache.get("page-299") == b"x" * 100


def test_near_full_it_counts_as_often_as_django_and_culls(tmp_path):
    max_entries = 3 * SHARERS
    cache = _cache(tmp_path, max_entries)
    most = 0
    for n in range(10 * max_entries):
        cache.set(f"page-{n}", n)
        most = max(most, _files(tmp_path))
    # one process alone overshoots by at most the room it was last given (MAX_ENTRIES / SHARERS)
    assert most <= max_entries + max_entries // SHARERS + 1
    assert _files(tmp_path) < max_entries + max_entries // SHARERS + 1
    assert cache.get(f"page-{10 * max_entries - 1}") == 10 * max_entries - 1


def test_several_processes_share_the_folder(tmp_path):
    """Two backends on one folder (two workers) read each other's entries and together stay near the limit."""
    first, second = _cache(tmp_path, 64), _cache(tmp_path, 64)
    first.set("kept", "page")
    assert second.get("kept") == "page"
    for n in range(400):
        (first if n % 2 else second).set(f"page-{n}", n)
    assert _files(tmp_path) <= 64 + 2 * (64 // SHARERS) + 1


def test_entries_read_back_and_expire_as_in_djangos_backend(tmp_path):
    from django.core.cache.backends.filebased import FileBasedCache

    cache = _cache(tmp_path, 100)
    page = ("<html>" + "x" * 100000 + "</html>").encode()
    cache.set("page", page, timeout=60)
    assert cache.get("page") == page
    assert FileBasedCache(str(tmp_path), {}).get("page") == page  # the same file format
    cache.set("gone", page, timeout=-1)
    assert cache.get("gone") is None
    assert cache.touch("page", 120) and cache.get("page") == page
