"""The import's checks in a second process, beside the reading and storing of the first (pipeline parallelism).

The checks of an activity (schema, codelists, rules: about two thirds of an import's CPU) do not depend on what is
stored; storing depends on their verdict. So, when the machine has two CPUs, ``start`` forks a process that reads
the same file on its own (``iterparse``, one activity at a time, as the first process does) and checks each
activity with ``reader._check``, sending its verdicts (line, errors, findings) through a pipe in small chunks. The
first process reads the file again, waits for each activity's verdict before it keeps (or refuses) it, and stores
in its own transaction: nothing the schema refuses is stored, and the verdicts are the very ones the one-process
reading gives (the same function on the same element, in the same order, with the same duplicate-identifier set).

Memory stays flat: each process holds one activity at a time, and the pipe (at most ``PIPE_BYTES``) blocks the
checking process when it runs ahead. The second process never touches the database (it was forked with the first's
connection open: it leaves it alone and ends with ``os._exit``, as ``multiprocessing`` does).

One process is used instead (``start`` returns ``None``) when the setting ``IATI_IMPORT_PROCESSES`` is 1 (the
environment's ``MANDATES_IATI_IMPORT_PROCESSES``), when fewer than two CPUs are available to the process, when the
load average leaves no CPU free (``cpu_free``; a caller may ``force`` it), when the
platform cannot fork, when the file is smaller than ``MIN_BYTES``, or when the source is not something a second process can read without moving the first's
position (a path, a regular file, or bytes in memory).
"""
import io
import multiprocessing
import os
import stat
import traceback
from collections import deque

from django.conf import settings

CHUNK = 16              # verdicts per message: few enough for the first process to start early, many enough to be cheap
PIPE_BYTES = 1 << 20    # the pipe's capacity asked of the kernel (Linux: F_SETPIPE_SZ; 64 KB otherwise)
MIN_BYTES = 1 << 20     # smaller files are checked in one process: a fork costs about 10-30 ms of each process's CPU
LOAD_MARGIN = 0.5       # two processes only while the load average leaves a CPU free (at most CPUs - 1 + this)
STALL_SECONDS = 300.0   # no verdict for this long: the checking process is taken to hang (a chunk takes milliseconds)
POLL_SECONDS = 5.0
LAST_PEAK = {"mb": 0.0}  # the checking process's peak memory above its start in the last import (for the bench)


def cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def cpu_free() -> bool:
    """Whether the machine's load leaves a CPU to the second process. On a busy machine two processes only add the
    second parse and the hand-over to the work (measured: slower than one process at a load of 4-10 on 2 CPUs)."""
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):
        return True
    return load <= cpus() - 1 + LOAD_MARGIN


def enabled() -> bool:
    return (int(getattr(settings, "IATI_IMPORT_PROCESSES", 2)) > 1 and cpus() > 1
            and "fork" in multiprocessing.get_all_start_methods())


class _PositionalReader(io.RawIOBase):
    """The bytes of an open regular file read with ``os.pread``: the forked process shares the file's position with
    the first one, and ``pread`` neither reads nor moves it."""

    def __init__(self, fd: int):
        self.fd, self.offset = fd, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = os.pread(self.fd, len(buffer), self.offset)
        buffer[:len(data)] = data
        self.offset += len(data)
        return len(data)


def _opener(source):
    """How the forked process gets its own reading of ``source``, and the size of the file; ``None`` when it
    cannot read it on its own."""
    if isinstance(source, (str, os.PathLike)):
        return (lambda: open(source, "rb")), os.path.getsize(source)
    try:
        fd = source.fileno()
        status = os.fstat(fd)
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        fd = status = None
    if status is not None and stat.S_ISREG(status.st_mode):
        return (lambda: io.BufferedReader(_PositionalReader(fd), 1 << 16)), status.st_size
    memory = getattr(source, "file", source)  # a Django File around bytes in memory
    if isinstance(memory, io.BytesIO):  # the forked process has its own copy of the object and of its position
        return (lambda: io.BytesIO(memory.getbuffer())), memory.getbuffer().nbytes
    return None


def _rss() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _check_all(conn, opener, child: str, version: str, rules_set, reuse, context: str) -> None:
    """The forked process: every element's verdict (with its check key when ``reuse`` is given), in order, then
    ``("done", peak bytes)``; a file that is not well-formed ends with ``("refused", reason, line)``, a failure with
    ``("failed", traceback)``."""
    from lxml import etree

    from . import reader

    try:
        start, peak = _rss(), 0
    except OSError:
        start = peak = None
    out: list = []
    try:
        seen: set[str] = set()
        for element in reader.elements(opener(), child):
            checked = reader._schema_check(element, child, version, seen)
            key = reuse.keys([element], context)[0] if reuse is not None else ""
            if checked.errors:
                out.append((checked.line, checked.errors, None, None, key))
            else:  # the codelists are left to the first process (``reader._read_joined``)
                out.append((checked.line, [], reader._early(element, child, version),
                            reader._rules(element, child, rules_set), key))
            if len(out) >= CHUNK:
                conn.send(out)
                out = []
                if start is not None:
                    peak = max(peak, _rss() - start)
        conn.send(out)
        conn.send(("done", peak or 0))
    except etree.XMLSyntaxError as exc:
        refused = reader._not_well_formed(exc)
        conn.send(out)
        conn.send(("refused", refused.reason, refused.line))
    except (BrokenPipeError, EOFError):  # the first process stopped reading (it failed, or was closed early)
        pass
    except BaseException:  # noqa: BLE001 - said to the first process, which raises it
        try:
            conn.send(("failed", traceback.format_exc()))
        except OSError:
            pass
    finally:
        conn.close()


class Checker:
    """The first process's side: ``verdict(line)`` for each element read, in order; ``finish`` at the end of the
    file; ``close`` always (stops and reaps the second process)."""

    def __init__(self, process, conn):
        self.process, self.conn, self.pending = process, conn, deque()

    def _receive(self):
        waited = 0.0
        while not self.conn.poll(POLL_SECONDS):  # a checking process that hangs (it was forked beside other
            waited += POLL_SECONDS                # threads, e.g. the worker's scheduler) fails the import, never stalls it
            if waited >= STALL_SECONDS or not self.process.is_alive():
                raise RuntimeError(f"the IATI checking process sent nothing for {waited:.0f} s")
        try:
            message = self.conn.recv()
        except EOFError:
            raise RuntimeError("the IATI checking process stopped before the end of the file") from None
        if isinstance(message, list):
            self.pending.extend(message)
            return None
        return message

    def verdict(self, line: int) -> tuple:
        while not self.pending:
            end = self._receive()
            if end is not None:
                self._ended(end)
                raise RuntimeError("the IATI checking process read fewer activities than the import")
        verdict = self.pending.popleft()
        if verdict[0] != line:
            raise RuntimeError(f"the IATI checking process judged line {verdict[0]} where the import read line {line}")
        return verdict

    def finish(self) -> None:
        while True:
            end = self._receive()
            if end is None and self.pending:
                raise RuntimeError("the IATI checking process read more activities than the import")
            if end is not None:
                self._ended(end)
                return

    def _ended(self, end: tuple) -> None:
        from .reader import FileRefused

        if end[0] == "done":
            LAST_PEAK["mb"] = end[1] / 2**20
            return
        if end[0] == "refused":
            raise FileRefused(end[1], end[2])
        raise RuntimeError(f"the IATI checking process failed:\n{end[1]}")

    def close(self) -> None:
        self.conn.close()  # a process still sending gets a broken pipe and ends
        self.process.join(5)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join()


def start(source, child: str, version: str, rules_set, reuse=None, context: str = "", *,
          force: bool = False) -> Checker | None:
    """A second process checking every element of ``source``, or ``None`` when the import reads in one process.
    ``force``: whatever the machine's load (still not on one CPU, nor when set to one process)."""
    if not enabled() or not (force or cpu_free()):
        return None
    opened = _opener(source)
    if opened is None or opened[1] < MIN_BYTES:
        return None
    opener = opened[0]
    forking = multiprocessing.get_context("fork")
    receive, send = forking.Pipe(duplex=False)
    try:
        import fcntl

        fcntl.fcntl(send.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        pass  # the default capacity: the second process waits more often, nothing else changes
    LAST_PEAK["mb"] = 0.0
    process = forking.Process(target=_check_all, args=(send, opener, child, version, rules_set, reuse, context),
                              name="iati-checks", daemon=True)
    try:
        process.start()
    except (AssertionError, OSError):  # a daemonic process may not have children; no memory or process left to fork
        send.close()
        receive.close()
        return None
    send.close()
    return Checker(process, receive)
