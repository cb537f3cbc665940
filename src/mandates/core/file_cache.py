"""Django's file cache, without listing its whole folder on every write (``MANDATES_CACHE_DIR``).

``FileBasedCache.set`` counts the files of its folder (a ``glob`` of every entry) before each write, to
cull when ``MAX_ENTRIES`` is reached: 2.5 ms per write with 2,000 kept pages, 6 ms with 5,000 and about
25 ms near the 20,000 of ``make serve`` (measured, load8 in BENCHMARKS.md) — paid by every first reading
of a page, which writes its page and often a session or a shared figure. This backend counts again only
after as many writes of its own as there is room left, divided among the writers that may share the
folder (``SHARERS``): far from full it counts rarely, close to full as often as Django. Entries are
compressed at zlib's fastest level (a 280 kB project list: 2.9 → 1.3 ms to store, 0.5 → 0.6 ms to read,
29 → 38 kB on disk). Everything else (reading, expiry, the culling itself, the file format) is Django's.
"""
import os
import pickle
import random
import tempfile
import threading
import zlib

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache

# Backend instances that may write to one folder at once. Django makes one per thread, so this is gunicorn's
# workers × threads (4 × 4 in `make serve`); the job worker and commands add a few. The room left is shared
# among them, so that together they reach MAX_ENTRIES before any of them counts again, and overshoot it by
# about (writers / SHARERS − 1) × the room when there are more.
SHARERS = 16


class FileCache(FileBasedCache):
    def __init__(self, dir, params):
        super().__init__(dir, params)
        self._count_lock = threading.Lock()
        self._writes_before_count = 0

    def _write_content(self, file, timeout, value):
        file.write(pickle.dumps(self.get_backend_timeout(timeout), self.pickle_protocol))
        file.write(zlib.compress(pickle.dumps(value, self.pickle_protocol), 1))

    def _cull(self):
        with self._count_lock:
            if self._writes_before_count > 0:
                self._writes_before_count -= 1
                return
        filelist = self._list_cache_files()
        num_entries = len(filelist)
        with self._count_lock:
            self._writes_before_count = max(0, self._max_entries - num_entries) // SHARERS
        if num_entries < self._max_entries:
            return
        if self._cull_frequency == 0:
            self.clear()
            return
        for fname in random.sample(filelist, int(num_entries / self._cull_frequency)):
            self._delete(fname)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        """Django's ``add`` looks then writes, so two processes may both add the same key; here the entry is
        written aside and linked into place, which fails if the file exists: one writer wins
        (``core.single_flight`` takes its locks with it). An expired entry is removed first (``has_key``)."""
        self._createdir()
        fname = self._key_to_file(key, version)
        if self.has_key(key, version):
            return False
        fd, tmp_path = tempfile.mkstemp(dir=self._dir)
        try:
            with open(fd, "wb") as f:
                self._write_content(f, timeout, value)
            try:
                os.link(tmp_path, fname)
            except FileExistsError:
                return False
            return True
        finally:
            os.remove(tmp_path)
