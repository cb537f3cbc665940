"""``core.gc_pause.paused``: the cycle collector off inside the block (and inside nested blocks), back on after it
(after an error too), and left as it was when it was already off."""
import gc

import pytest

from mandates.core.gc_pause import paused


@pytest.fixture(autouse=True)
def collector_on():
    gc.enable()
    yield
    gc.enable()


def test_off_inside_on_after_nested_and_after_an_error():
    with paused():
        assert not gc.isenabled()
        with paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner block does not turn it back on
    assert gc.isenabled()
    with pytest.raises(ValueError), paused():
        raise ValueError
    assert gc.isenabled()


def test_as_a_decorator_and_left_off_when_it_was_off():
    @paused()
    def inside():
        return gc.isenabled()

    assert inside() is False and gc.isenabled()
    gc.disable()
    assert inside() is False
    assert not gc.isenabled()  # not turned on by a block entered while it was off

