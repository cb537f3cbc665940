"""One rule for every Excel and CSV export (OWASP CSV injection): a text cell that begins with
``=``, ``+``, ``-``, ``@`` (or a tab or carriage return, which some spreadsheets skip before one)
is written with a leading apostrophe so that it can never run as a formula. Numbers, dates and
empty cells are left exactly as they are."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value, with a text that a spreadsheet would read as a formula made inert."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def safe_row(values):
    return [safe_cell(v) for v in values]
