"""Result, what every command hands to the writer, and the plain values it holds (``jsonable``, ``is_na``).

Nothing here imports pandas or numpy: a command that never builds a frame (``info``) stays quick. Frames and
arrays are recognised when those libraries are already loaded, since no such value can exist before.
"""

from __future__ import annotations

import abc
import datetime as dt
import math
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


class Seq(abc.ABC):
    """Sequence cells: lists, tuples and numpy arrays (a Cypher ``collect(...)`` arrives as an array)."""

    @classmethod
    def __subclasshook__(cls, c: type) -> bool:
        if issubclass(c, (list, tuple)):
            return True
        np = sys.modules.get("numpy")
        return True if np is not None and issubclass(c, np.ndarray) else NotImplemented


class Frame(abc.ABC):
    """A pandas DataFrame, recognised without importing pandas."""

    @classmethod
    def __subclasshook__(cls, c: type) -> bool:
        pd = sys.modules.get("pandas")
        return True if pd is not None and issubclass(c, pd.DataFrame) else NotImplemented


SEQ = (Seq,)
Rendered = Any  # str, a messages.Text, or a function of the language giving str


@dataclass
class Result:
    """What a command hands to the writer.

    ``data`` is the JSON document (``--format json``, English keys and values whatever the language);
    ``tables`` are named frames for table / CSV / XLSX (XLSX writes one sheet each, in order; CSV writes the
    one named by ``csv_table``, else the first; with ``csv_siblings`` a CSV file gets the others beside it, named
    after their sheets); ``text`` replaces the tables in ``--format table`` when given; otherwise ``head``, the
    tables (each titled with its row count) but the ``hidden`` ones, then ``foot``. Text may be a ``Text``, a str
    or a function of the language. ``mask_shapes`` masks, besides PII columns, any text shaped like an ID or
    mobile number: for results whose columns pairnet cannot know (an ad-hoc Cypher query).
    """

    data: dict[str, Any]
    tables: Any = field(default_factory=dict)  # name -> frame, or a function giving them (built when needed)
    text: Rendered = None
    csv_table: str | None = None
    mask_shapes: bool = False
    keep: frozenset[str] = frozenset()  # digit runs that are the store's own codes: never masked by shape
    head: Rendered = None
    foot: Rendered = None
    hidden: tuple[str, ...] = ()
    csv_siblings: bool = False


def render_text(text: Rendered, lang: str) -> str | None:
    """``text`` (a str, a ``Text`` or a function of the language) in ``lang``; None stays None."""
    if text is None or isinstance(text, str):
        return text
    if isinstance(text, Callable) and not hasattr(text, "render"):  # type: ignore[arg-type]
        return text(lang)
    return text.render(lang) if hasattr(text, "render") else str(text)


def is_na(v: Any) -> bool:
    if v is None:
        return True
    pd = sys.modules.get("pandas")
    if pd is not None and (v is pd.NA or v is pd.NaT):
        return True
    return isinstance(v, float) and math.isnan(v)


def jsonable(obj: Any) -> Any:
    """``obj`` as plain JSON values: blanks (NaN, NA, NaT) ``None``, dates ISO, frames lists of records."""
    if isinstance(obj, Mapping):
        return {str(k): jsonable(v) for k, v in obj.items()}
    pd = sys.modules.get("pandas")
    if pd is not None and isinstance(obj, pd.DataFrame):
        return [jsonable(r) for r in obj.astype(object).to_dict("records")]
    if pd is not None and isinstance(obj, pd.Series):
        return [jsonable(v) for v in obj.astype(object)]
    if isinstance(obj, (*SEQ, set, frozenset)):
        items = sorted(obj, key=str) if isinstance(obj, (set, frozenset)) else obj
        return [jsonable(v) for v in items]
    if obj is None or isinstance(obj, str):
        return obj
    if is_na(obj):
        return None
    if pd is not None and isinstance(obj, pd.Timestamp):
        return obj.date().isoformat() if obj == obj.normalize() else obj.isoformat()
    if isinstance(obj, (dt.date, dt.datetime)):
        return obj.isoformat()
    if hasattr(obj, "item") and not hasattr(obj, "render"):  # numpy scalars
        return jsonable(obj.item())
    if isinstance(obj, (bool, int, float)):
        return obj
    return str(obj)
