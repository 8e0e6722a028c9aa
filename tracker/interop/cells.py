"""Cells for spreadsheets: text a spreadsheet would run as a formula is written as text."""

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A string starting with =, +, -, @, tab or CR gets a leading apostrophe (OWASP's CSV-injection advice);
    numbers stay numbers, so a negative coordinate is still a coordinate."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        try:
            float(value)
            return value
        except ValueError:
            return "'" + value
    return value
