"""The kept page's CSRF tokens are found without a regular expression (``page_cache._token_spans``): exactly
where the regular expression ``_TOKEN`` finds them, on pages and on awkward bodies."""
import random
import string

import pytest

from mandates.core.page_cache import _TOKEN, _token_spans

ALNUM = string.ascii_letters + string.digits


def _token(rnd: random.Random) -> str:
    return "".join(rnd.choice(ALNUM) for _ in range(64))


def test_the_same_spans_as_the_regular_expression_on_awkward_bodies():
    rnd = random.Random(8)
    pieces = ["", " ", "x", "é", "€", "\n", "\"", "-", "_", "=", "/", "+", "<input value=\"", "\">"]
    for _ in range(400):
        parts = []
        for _ in range(rnd.randint(0, 12)):
            kind = rnd.random()
            if kind < 0.3:
                parts.append(_token(rnd))  # a token
            elif kind < 0.45:
                parts.append("".join(rnd.choice(ALNUM) for _ in range(rnd.choice([63, 65, 128, 200]))))  # not one
            else:
                parts.append(rnd.choice(pieces))
        body = "".join(parts).encode()
        assert _token_spans(body) == [m.span() for m in _TOKEN.finditer(body)], body
    edge = ("a" * 64).encode()
    assert _token_spans(edge) == [(0, 64)] and _token_spans(b"x" + edge) == [] and _token_spans(b" " + edge + b"!") == [(1, 65)]
    assert _token_spans(b"") == [] and _token_spans(edge + edge) == []  # 128 in a row is not a token


@pytest.mark.django_db
def test_a_page_as_served(client, users):
    """A real page with its forms' tokens: every token the regular expression finds, and only those."""
    client.force_login(users["planning_officer"])
    body = client.get("/work-units/").content
    spans = _token_spans(body)
    assert spans and spans == [m.span() for m in _TOKEN.finditer(body)]
