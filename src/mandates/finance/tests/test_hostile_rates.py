"""Hostile rates files (issue 14): refused with a line-numbered error, nothing written, never a 500."""
import io

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mandates.finance.models import ExchangeRate
from mandates.finance.services import import_exchange_rates

HEADER = "month,currency,units_per_usd\n"


def _import(text):
    return import_exchange_rates(io.BytesIO(text.encode()), by=None, file_name="rates.csv")


@pytest.mark.parametrize(("body", "message"), [
    ("2010-01,EUR,100000000000000000000\n", "Row 2: units_per_usd “100000000000000000000” is too large"),
    ("2010-01,EUR,1e309\n", "Row 2: units_per_usd “1e309” is too large"),
    ("2010-01,EUR,NaN\n", "Row 2: units_per_usd “NaN” is not a positive number"),
    ("2010-01,EUR,0.7,surplus,cells\n", "Row 2: has 2 more cell(s) than the header"),
    ("2010-01,EUR," + "9" * 140_000 + "\n", "Row 2: a field is longer than 131072 characters"),
    ("99999999999999999999999-01,EUR,0.7\n", "is not YYYY-MM"),
])
def test_a_hostile_rate_row_is_refused_with_its_line_and_nothing_is_written(db, body, message):
    with pytest.raises(ValidationError) as err:
        _import(HEADER + "2010-02,EUR,0.71\n" + body.replace("Row 2", "Row 3"))
    assert any(message.replace("Row 2", "Row 3") in m for m in err.value.message_dict["file"]), err.value
    assert not ExchangeRate.objects.exists()


def test_a_missing_path_is_a_clear_error(db, tmp_path):
    with pytest.raises(ValidationError) as err:
        import_exchange_rates(tmp_path / "no-such-file.csv", by=None)
    assert "cannot be read" in err.value.message_dict["file"][0]


def test_a_file_over_the_import_limit_is_refused_before_it_is_read(db, settings):
    settings.MANDATES_MAX_UPLOAD = 100
    with pytest.raises(ValidationError) as err:
        _import(HEADER + "2010-02,EUR,0.71\n" * 20)
    assert "larger than the import limit" in err.value.message_dict["file"][0]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_any_text_is_imported_or_refused_never_a_crash(db, text):
    try:
        _import(HEADER + text)
    except ValidationError:
        pass
