"""Python's cycle collector paused while one large computation builds its objects.

The collector runs a pass whenever 700 more container objects (tuples, lists, dicts...) have been made than
freed, and a full pass over every object the process holds whenever those passes have moved a quarter more
objects to the oldest generation. A computation that builds a million small records at once — the
implementation plan computed live at N=20 makes ~20,000 parts, 100,000 places and as many rows read from the
database — triggers hundreds of passes and about five full ones, each walking everything built so far: the
collector cost 0.5–1.0 s of the plan's ~2.2 s of CPU (BENCHMARKS.md, "plan10"). Those records hold no
reference cycles (plain tuples, dicts and lists, freed by their reference counts), so there is nothing for the
collector to find until the computation is over.

``paused()`` (a context manager and a decorator) turns the collector off for the block and back on after it,
without a pass: the objects left are collected as usual by the next passes. Nested use keeps it off until the
outermost block ends; a block entered while it is off (by another thread, or by ``gc.disable()``) leaves it as
it was. Cyclic garbage made inside the block waits until then, so use it around bounded computations only.
"""
import gc
from contextlib import contextmanager


@contextmanager
def paused():
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
