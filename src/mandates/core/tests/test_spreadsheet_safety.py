"""Formula injection (issue 14): a donor name or a result title ``=HYPERLINK(...)`` stays text in
every Excel and CSV export; numbers stay numbers."""
from decimal import Decimal

from mandates.core.spreadsheet import safe_cell, safe_row


def test_text_that_a_spreadsheet_would_run_is_made_inert_and_numbers_are_untouched():
    assert safe_row(["=HYPERLINK(\"http://x\")", "+1", "-cmd", "@SUM(A1)", "\t=1", "plain", "", None]) == [
        "'=HYPERLINK(\"http://x\")", "'+1", "'-cmd", "'@SUM(A1)", "'\t=1", "plain", "", None]
    assert safe_cell(Decimal("-12.50")) == Decimal("-12.50")
    assert safe_cell(-3) == -3


def test_the_finance_table_workbook_keeps_a_formula_like_donor_name_as_text():
    import io

    from openpyxl import load_workbook

    from mandates.finance.tables import Column, Table
    from mandates.finance.xlsx import workbook

    table = Table(key="donors", title="Donors", columns=[Column("name", "Donor"), Column("amount", "Amount", kind="money")],
                  rows=[{"name": '=HYPERLINK("http://evil","x")', "amount": Decimal("-5.00")}])
    sheet = load_workbook(io.BytesIO(workbook([table]))).active
    assert sheet["A3"].value == "'=HYPERLINK(\"http://evil\",\"x\")"
    assert sheet["A3"].data_type == "s"
    assert sheet["B3"].value == -5
