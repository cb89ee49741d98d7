"""PairnetError: a fault in the user's data, flags or environment, shown as a message with exit code 2."""


class PairnetError(Exception):
    """Raised for anything the user can fix (bad workbook, bad flag, unreachable store); never a bug."""
