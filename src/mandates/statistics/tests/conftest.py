import pytest

from mandates.core.testing import SHARED_DIR

STATS_DIR = SHARED_DIR / "data" / "reference" / "crime_statistics"


def shared_file(name):
    path = STATS_DIR / name
    if not path.is_file():
        pytest.skip("the shared crime statistics are not on this machine")
    return path


def head(name, lines, *, keep=None):
    """The header and the first ``lines`` rows of a real shared file, plus every row containing ``keep``."""
    text = shared_file(name).read_text(encoding="utf-8-sig").splitlines(keepends=True)
    rows = text[: lines + 1]
    if keep:
        rows += [row for row in text[lines + 1:] if keep in row]
    return "".join(rows).encode("utf-8")


@pytest.fixture
def stats(db, m49):
    """A real slice of the data: the OWID homicide series, the GSH regional estimates, and Kenya's and
    its neighbours' prison rows plus the first 2,000 rows of the UN-CTS prisons export."""
    from mandates.statistics.services import import_file, import_path

    import_path(shared_file("owid_homicide_rate_unodc.csv"))
    import_path(shared_file("homicide_gsh2019_annex/regional_homicide_estimates_1990_2017.csv"))
    import_file("unodc_cts_prisons_and_prisoners.csv", head("unodc_cts_prisons_and_prisoners.csv", 2000, keep=",Persons held,Total,Total,Total,Total,"))
    from django.db import connection

    if connection.vendor == "postgresql":
        # Planner statistics for the slice, as autovacuum keeps them on a server: without them PostgreSQL took the
        # tables for empty and scanned every value once per area for each map's rows (map9).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE statistics_value, statistics_statarea, statistics_populationestimate, "
                           "statistics_series, geography_country")
