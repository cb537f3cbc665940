"""Hostile strategy files (issue 14): an alias bomb and 1,500 levels of nesting are refused at once
with the line, never a 500 or gigabytes of memory."""
import pytest

from mandates.strategy.fileformat import StrategyFileError, read_strategy

BOMB = "\n".join(["a: &a [x, x, x, x, x, x, x, x, x, x]"]
                 + [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]" for i in range(8)])


def test_an_alias_bomb_is_refused_with_its_line():
    with pytest.raises(StrategyFileError) as caught:
        read_strategy(BOMB.encode(), "bomb.yaml")
    text = " ".join(caught.value.message_dict["file"])
    assert "aliases (*name) are not allowed" in text and "2" in text


def test_nesting_1500_levels_deep_is_refused():
    deep = ("period:" + " [" * 1500 + " ]" * 1500 + "\n").encode()
    with pytest.raises(StrategyFileError) as caught:
        read_strategy(deep, "deep.yaml")
    assert "nests deeper than" in " ".join(caught.value.message_dict["file"])
