"""The portal's ``number`` and ``longdate`` filters, which parse their language's pattern once (open11), write what
Babel's ``format_decimal`` and ``format_date`` write when they parse it on every call."""
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from babel.dates import format_date
from babel.numbers import format_decimal
from django.conf import settings
from django.utils import translation

from mandates.portal.templatetags.portal import babel_locale, longdate, number

LANGUAGES = [code for code, _name in settings.LANGUAGES]
NUMBERS = [0, 1, -1, 7, 999, 1000, -1234567, 10**12, 2**63, Decimal("0"), Decimal("-0.00"), Decimal("1234.5"),
           Decimal("1234567.891"), Decimal("0.0005"), Decimal("-98765.4321"), Decimal("1E+3"), Decimal("12.3456789"),
           Decimal("99999999999999.99"), 0.1, 1234.5678, -2.5, 1e21, "1234.5"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_number_writes_what_format_decimal_writes(language):
    values = NUMBERS + [Decimal(n) / 7 for n in range(-50, 3000, 61)]
    with translation.override(language):
        name = babel_locale()
        assert [number(v) for v in values] == [format_decimal(v, locale=name) for v in values]
        assert number(None) == number("") == "—"
        if language in ("fr", "es", "ru"):  # the language's own separators, not English's
            assert number(Decimal("1234567.5")) != format_decimal(Decimal("1234567.5"), locale="en")


@pytest.mark.parametrize("language", LANGUAGES)
def test_longdate_writes_what_format_date_writes(language):
    days = [date(1900, 1, 1) + timedelta(days=n * 41) for n in range(1200)] + [date(2024, 2, 29), date(9999, 12, 31)]
    with translation.override(language):
        name = babel_locale()
        assert [longdate(d) for d in days] == [format_date(d, format="long", locale=name) for d in days]
        assert longdate(datetime(2009, 5, 31, 23, 59)) == format_date(date(2009, 5, 31), format="long", locale=name)
        assert longdate(None) == "—" and longdate("31 May") == "31 May"
        assert len({longdate(d) for d in days[:12]}) == 12
