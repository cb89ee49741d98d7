"""PairnetError and the typed errors under it: a fault in the user's data, flags or environment, exit code 2."""


class PairnetError(Exception):
    """Raised for anything the user can fix (bad workbook, bad flag, unreachable store); never a bug.

    Catch ``PairnetError`` to handle them all; the subclasses below say which kind it was.

    >>> issubclass(UnknownHousehold, PairnetError), str(PairnetError("the store x.db is empty"))
    (True, 'the store x.db is empty')
    """


class EngineError(PairnetError):
    """An engine that does not exist, or Cypher asked of an in-memory network (it has no database to run it)."""


class StoreError(PairnetError):
    """A store that is missing, empty or not a database, asked for in two ways at once, or that could not be opened
    or written (bad path, server unreachable, auth); ``graph/store.py`` has its kinds (busy, changed, ...)."""


class PolicyError(PairnetError):
    """A policy (or policy file) that cannot be used: unknown keys or ranks, negative quotas, bad TOML."""


class DateError(PairnetError):
    """A day or month that is not one (an as-of day, ``--month``)."""


class UnknownHousehold(PairnetError):
    """A household id the store does not hold."""


class UnknownPlace(PairnetError):
    """A town, village or unit id the store does not hold, or a scope naming more than one of them."""


class MapTooLarge(PairnetError):
    """A map with more nodes than a browser draws smoothly; draw a smaller scope."""


class AdjacencyError(PairnetError):
    """Village adjacency that cannot be built: unknown source, unreadable or malformed polygons."""


class CommitteeError(PairnetError):
    """Committee bounds no committee can meet, or a plan file that is not a committee plan."""
