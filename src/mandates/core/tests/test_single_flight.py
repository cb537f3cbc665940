"""Readers of the same uncached thing at the same moment: one computes, the others wait for its value
(``core.single_flight``), in the shared file cache of ``make serve`` with real threads; a computer that fails or
takes too long never leaves the others without an answer, and different things never wait for each other."""
import threading
import time

import pytest
from django.core.cache import caches

from mandates.core import shared_figures, single_flight
from mandates.core.file_cache import FileCache


@pytest.fixture
def shared(settings, tmp_path):
    settings.CACHES = {**settings.CACHES, "flight-test": {"BACKEND": "mandates.core.file_cache.FileCache",
                                                          "LOCATION": str(tmp_path / "cache")}}
    settings.PAGE_CACHE_ALIAS = "flight-test"
    settings.SINGLE_FLIGHT = True
    return caches["flight-test"]


def _run_both(first, second, started):
    """``first()`` in one thread, then ``second()`` in another once ``first`` has begun computing."""
    results = {}
    a = threading.Thread(target=lambda: results.__setitem__("first", first()))
    a.start()
    assert started.wait(5)
    b = threading.Thread(target=lambda: results.__setitem__("second", second()))
    b.start()
    a.join(10)
    b.join(10)
    return results


def test_the_second_reader_waits_for_the_first_ones_value(shared):
    calls, started = [], threading.Event()

    def slow():
        calls.append(1)
        started.set()
        time.sleep(0.3)  # the second reader arrives meanwhile
        shared.set("value", {"sum": "12.50"})
        return {"sum": "12.50"}

    ask = lambda: single_flight.once("figures", slow, lambda: shared.get("value"))  # noqa: E731
    results = _run_both(ask, ask, started)
    assert len(calls) == 1
    assert results == {"first": {"sum": "12.50"}, "second": {"sum": "12.50"}}
    assert shared.get("flight:figures") is None  # the lock freed


def test_a_failing_computer_leaves_the_waiting_reader_to_compute(shared):
    calls, started = [], threading.Event()

    def failing():
        calls.append("failing")
        started.set()
        time.sleep(0.2)
        raise RuntimeError("the database went away")

    def fine():
        calls.append("fine")
        return 7

    def first():
        try:
            return single_flight.once("figures", failing, lambda: shared.get("value"))
        except RuntimeError:
            return "failed"

    results = _run_both(first, lambda: single_flight.once("figures", fine, lambda: shared.get("value")), started)
    assert results == {"first": "failed", "second": 7}
    assert calls == ["failing", "fine"]


def test_a_reader_waits_no_longer_than_its_limit(shared):
    assert shared.add("flight:figures", "another process, stuck", 30)
    started = time.monotonic()
    assert single_flight.once("figures", lambda: 3, lambda: shared.get("value"), wait=0.2) == 3
    assert time.monotonic() - started < 2


def test_different_things_do_not_wait_for_each_other(shared):
    started, done = threading.Event(), []

    def slow():
        started.set()
        time.sleep(0.5)
        return "a"

    def quick():
        done.append(time.monotonic())
        return "b"

    begun = time.monotonic()
    results = _run_both(lambda: single_flight.once("a", slow, lambda: None),
                        lambda: single_flight.once("b", quick, lambda: None), started)
    assert results == {"first": "a", "second": "b"}
    assert done[0] - begun < 0.4  # "b" did not wait for "a"


def test_off_it_only_computes(settings, shared):
    settings.SINGLE_FLIGHT = False
    assert shared.add("flight:figures", "someone", 30)
    assert single_flight.once("figures", lambda: 5, lambda: None, wait=30) == 5  # no waiting at all


def test_only_one_of_several_backends_adds_the_same_key(tmp_path):
    """Django's file cache looks then writes, so two processes could both take the lock; ours links the entry into
    place, which only one can do. An expired entry does not block the next one."""
    backends = [FileCache(str(tmp_path), {}) for _ in range(8)]  # one per process or thread, as Django makes them
    barrier, won = threading.Barrier(len(backends)), []

    def add(backend):
        barrier.wait()
        won.append(backend.add("flight:x", "me", 30))

    threads = [threading.Thread(target=add, args=(backend,)) for backend in backends]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert sorted(won) == [False] * 7 + [True]
    assert backends[0].get("flight:x") == "me"
    assert backends[0].add("short", 1, 0.05) and not backends[1].add("short", 2, 30)
    time.sleep(0.1)
    assert backends[1].add("short", 2, 30) and backends[0].get("short") == 2
    assert not list(tmp_path.glob("tmp*"))  # nothing left aside


@pytest.mark.django_db(transaction=True)
def test_kept_figures_are_computed_once_for_readers_at_the_same_moment(settings, shared):
    settings.SHARED_FIGURES = True
    calls, started = [], threading.Event()

    def ledger():
        calls.append(1)
        started.set()
        time.sleep(0.3)
        return {"total": "1000.00"}

    def read(parts):
        try:
            return shared_figures.kept(parts, ledger)
        finally:
            from django.db import connection

            connection.close()

    results = _run_both(lambda: read(("fund overview", "2010-2011")), lambda: read(("fund overview", "2010-2011")),
                        started)
    assert results == {"first": {"total": "1000.00"}, "second": {"total": "1000.00"}}
    assert len(calls) == 1
    assert shared_figures.kept(("fund overview", "2008-2009"), lambda: {"total": "5.00"}) == {"total": "5.00"}


def test_a_reader_holding_a_lock_does_not_wait_for_another(shared):
    """Two computations nested in opposite orders (x computing y, y computing x) would wait for each other until
    ``WAIT``; a reader inside a computation computes what it finds locked instead."""
    assert shared.add("flight:y", "another reader, computing y and about to ask for x", 30)
    started = time.monotonic()
    value = single_flight.once("x", lambda: single_flight.once("y", lambda: "y computed", lambda: None, wait=5),
                               lambda: None)
    assert value == "y computed" and time.monotonic() - started < 1


def test_a_lock_kept_for_after_the_answer_is_held_until_the_value_is_kept(shared):
    """In a request the page cache serves, a figure's value is kept after the answer: its lock is held until then,
    so that a reader waiting meanwhile finds the value (not an empty cache) once the lock is gone."""
    calls, started, kept = [], threading.Event(), threading.Event()

    def holder():
        token = single_flight.hold_locks()
        try:
            value = single_flight.once("later", lambda: calls.append("holder") or 7, lambda: shared.get("later"),
                                       release_later=True)
            started.set()
            assert shared.get("flight:later") is not None  # computed, not kept yet: still locked
            time.sleep(0.3)  # the rest of the page is rendered; the waiter arrives meanwhile
            shared.set("later", value)  # the page cache keeps the figures after the answer
            kept.set()
            return value
        finally:
            single_flight.release_locks(token)

    waiter = lambda: single_flight.once("later", lambda: calls.append("waiter") or 8,  # noqa: E731
                                        lambda: shared.get("later"))
    results = _run_both(holder, waiter, started)
    assert kept.is_set()
    assert calls == ["holder"]
    assert results == {"first": 7, "second": 7}
    assert shared.get("flight:later") is None


def test_a_request_holding_a_lock_for_later_never_waits_for_another(shared):
    shared.add("flight:other", "someone else", 30)  # another reader is computing "other"
    token = single_flight.hold_locks()
    try:
        single_flight.once("mine", lambda: 1, lambda: None, release_later=True)
        began = time.monotonic()
        assert single_flight.once("other", lambda: 2, lambda: None) == 2  # computed, not waited for
        assert time.monotonic() - began < 1
    finally:
        single_flight.release_locks(token)
    assert shared.get("flight:mine") is None
    assert shared.get("flight:other") == "someone else"
