"""The import checks each distinct combination of a line's date, kind, currency, class, project, unit, contribution
and segment once (``_check_line``): every row gives exactly what the row-by-row check (``_check_row``) gives — the
same values to store, the same problems in the same order — whether its combination was seen before or not."""
import csv
import io
from datetime import datetime

import pytest

from mandates.finance.services.expenditure import _check_line, _check_row, _Context, _read_rows, _row

from .test_import import GOOD

ROWS = GOOD + [
    "JV-3,1,2008-03-31,disbursement,CPCJF-SP,KEN01,travel,USD,1000.25,,ROEA,Workshop",    # same combination
    "JV-3,2,2008-03-31,adjustment,CPCJF-SP,KEN01,travel,USD,-12.50,,,A correction",       # negative adjustment
    "JV-3,3,2008-03-31,disbursement,CPCJF-SP,KEN01,travel,USD,-5.00,,ROEA,",              # negative disbursement
    "JV-3,0,2008-03-31,disbursement,CPCJF-SP,KEN01,travel,USD,5.00,,ROEA,",               # line 0
    "JV-3,x,2008-03-31,disbursement,CPCJF-SP,KEN01,travel,USD,5.00,,ROEA,",               # line not a number
    ",4,2008-03-31,disbursement,CPCJF-SP,KEN01,travel,USD,5.00,,ROEA,",                   # no document
    "J" * 41 + ",4,2008-03-31,disbursement,CPCJF-SP,KEN01,travel,USD,5.00,,ROEA,",        # document too long
    "JV-3,5,2008-03-31,disbursement,CPCJF-SP,KEN01,travel,USD,5.001,,ROEA,",              # three decimals
    "JV-3,6,2008-03-31,disbursement,CPCJF-SP,KEN01,travel,USD,\"1,000.00\",,ROEA,",       # thousands separator
    "JV-3,7,2008-03-31,disbursement,CPCJF-SP,KEN01,travel,USD,,,ROEA,",                   # no amount
    " JV-3 , 8 ,2008-03-31,disbursement,CPCJF-SP,KEN01,travel,USD, 7.00 ,,ROEA, Spaces ",  # spaces around cells
    "JV-3,9,2008-03-31,DISBURSEMENT,CPCJF-SP,KEN01,travel,usd,7.00,,ROEA,",               # upper and lower case
    "JV-3,10,2008-03-31,obligation,CPCJF-SP,KEN01,staff,EUR,-800.00,,,",                  # EUR, negative obligation
    "JV-4,1,2008-06-30,disbursement,GP,,staff,USD,4000.00,,,",                            # apportioned again
    "JV-4,2,2008-06-30,disbursement,GP,,staff,USD,-1.00,,,",
    "JV-9,1,2008-03-31,disbursement,CPCJF-SP,KEN01,travel,EUX,5.00,,,",
    "JV-9,1,2008-03-31,disbursement,CPCJF-SP,NOPE99,travel,USD,5.00,,,",
    "JV-9,1,2010-03-31,disbursement,CPCJF-SP,GLO01,travel,USD,5.00,,,",
    "JV-9,1,2008-03-31,disbursement,CPCJF-SP,,travel,USD,5.00,,,",
    "JV-9,1,2008-03-31,disbursement,CPCJF-SP,KEN01,limos,USD,5.00,,,",
    "JV-9,1,2008-03-31,disbursement,CPCJF-SP,KEN01,travel,NOK,5.00,,,",
    "JV-9,1,31/03/2008,disbursement,CPCJF-SP,KEN01,travel,USD,5.00,,,",
    "JV-9,1,2008-03-31,payment,CPCJF-SP,KEN01,travel,USD,-5.00,,,",
    "JV-9,1,2010-03-31,disbursement,GP,,staff,USD,5.00,,,",
    "JV-9,1,2008-03-31,disbursement,CPCJF-SP,KEN01,travel,USD,5.00,NO-SUCH,,",
    "JV-9,1,2008-03-31,disbursement,CPCJF-SP,KEN01,travel,USD,5.00,,XX,",
    "JV-9,1,2008-03-31,disbursement,UNDCP-GP,,travel,USD,5.00,,,",                        # a general-purpose segment
]


def _rows() -> list[dict]:
    header = "document_number,line,date,kind,fund_segment,project_code,budget_class,currency,amount,contribution_ref," \
             "work_unit_code,description".split(",")
    rows = [dict(zip(header, values)) for values in csv.reader(io.StringIO("\n".join(ROWS)))]
    # XLSX cells: numbers and dates, and a short row (missing cells read as None)
    rows.append({**rows[0], "line": 7, "date": datetime(2008, 3, 31), "amount": 2500.5})
    rows.append({**rows[0], "project_code": 1, "document_number": 12})
    rows.append({name: value for name, value in rows[0].items() if name != "description"})
    return rows


@pytest.mark.django_db
@pytest.mark.parametrize("limit", [20_000, 2])
def test_checking_each_combination_once_gives_what_the_row_by_row_check_gives(rates, projects, limit, monkeypatch):
    from mandates.finance.services import expenditure

    monkeypatch.setattr(expenditure, "CHECKED_LIMIT", limit)  # 2: the cache fills, the rest go row by row
    rows = _rows()
    ctx = _Context([(n, r) for n, r in enumerate(rows, start=2)])
    problems = 0
    for _round in range(2):  # the first meeting of each combination, then each from the cache
        for row in rows:
            expected = _check_row(row, ctx)
            assert _check_line(row, ctx) == expected, row
            problems += bool(expected[1])
    assert problems == 2 * 22  # the bad rows above are bad in both rounds
    kept = sum(1 for found in ctx.checked.values() if found is not None)
    assert kept >= 4 if limit > 2 else len(ctx.checked) == 2  # the good combinations are kept, up to the limit


@pytest.mark.parametrize("extra", [[], ["description"], [""]])
def test_csv_rows_are_read_as_the_general_reader_reads_them(extra):
    """Text rows are turned into dicts in C: short rows padded, long rows cut, blank rows (cells empty or spaces)
    skipped, a repeated column's last cell kept, an unnamed column left out — as the general reader does."""
    from mandates.finance.services.expenditure import column_names

    names = column_names() + extra
    width = len(names)
    lines = [[str(i) for i in range(width)], ["1", "2"], ["1"], [""] * width, [" ", "", "\t"] + [" "] * (width - 3),
             [f"x{i}" for i in range(width + 1)], [""] * width + ["beyond the header"], [" ", "2", " "], ["4"] * width]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([names, *lines])
    expected = []
    for number, values in enumerate(lines, start=2):
        row = _row(names, values)
        if not all(v in (None, "") or (isinstance(v, str) and not v.strip()) for v in row.values()):
            expected.append((number, row))
    assert _read_rows(out.getvalue().encode(), "erp.csv") == expected and len(expected) == 6
