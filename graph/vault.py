"""The vault: ID and phone numbers sealed before they reach a store, so no query of the graph can read them.

A store holds each ID and phone number as its masked form followed by a seal, ``610924********123X~s1:<token>``:
the token is the value encrypted with AES-SIV (RFC 5297) under a key kept in a file outside the graph. AES-SIV is
deterministic, so the same value always gets the same stored form: a reload of an unchanged workbook changes
nothing, and the diff, the history and the standby copy work on stored forms like any other text. Only the
store's own reads (``read``, ``query``: cards, ``--show-pii``, export) open the seals; an ad-hoc query
(``pairnet cypher``) sees the masked form, and cannot read the key file (file access is refused there).

>>> import pandas as pd
>>> v = Vault(bytes(range(64)))
>>> sealed = v.seal("id_number", pd.Series(["61092419800101123X", None], dtype="string"))
>>> sealed[0].startswith("610924********123X~s1:"), sealed[1] is pd.NA
(True, True)
>>> v.unseal(sealed).tolist()
['61092419800101123X', <NA>]
>>> shown(sealed).tolist()
['610924********123X', <NA>]
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pairnet.graph.core import schema
from pairnet.graph.core.errors import StoreError
from pairnet.graph.core.messages import Text
from pairnet.graph.core.pii import mask_array

if TYPE_CHECKING:
    import pandas as pd

    from pairnet.graph.network import PairingNetwork

MARK = "~s1:"  # between the masked form and the token; no ID or phone the loaders accept contains it
_PATTERN = r"~s1:[A-Za-z0-9_\-]+={0,2}"  # a seal inside free text (the history's before/after JSON)
_STORED = r"[^~\s]*" + _PATTERN  # a whole stored form
_AD = [b"pairnet-vault-1"]  # associated data: a token of another program's AES-SIV does not open here
KEY_BYTES = 64  # AES-256-SIV
_URLSAFE = bytes.maketrans(b"+/", b"-_")  # tokens in the URL-safe alphabet (no "/" or "+" in a stored form)
_FROM_URLSAFE = str.maketrans("-_", "+/")
KEY_ENV, KEY_DIR_ENV = "PAIRNET_KEY_FILE", "PAIRNET_KEY_DIR"
PII_PROPS: dict[str, list[tuple[str, str]]] = {  # label -> [(property, PII kind)]
    n.label: [(p.name, p.pii) for p in n.props if p.pii] for n in schema.NODES if any(p.pii for p in n.props)}


class Vault:
    """Seals and opens ID and phone numbers with one key (see the module docstring)."""

    def __init__(self, key: bytes) -> None:
        from cryptography.hazmat.primitives.ciphers.aead import AESSIV

        self._siv = AESSIV(key)

    @classmethod
    def at(cls, path: Path, *, create: bool) -> Vault | None:
        """The vault whose key is in ``path``; with ``create``, a new random key is written there first when the
        file does not exist (readable by its owner only; two writers racing both end with the one file that
        won). None when the file does not exist and ``create`` is false."""
        if not path.exists():
            if not create:
                return None
            _write_key(path)
        try:
            key = base64.b64decode(path.read_bytes().strip(), validate=True)
        except (OSError, ValueError) as e:
            raise StoreError(Text("vault.unreadable", path=str(path), why=str(e))) from e
        if len(key) != KEY_BYTES:
            raise StoreError(Text("vault.unreadable", path=str(path), why=f"{len(key)} bytes, not {KEY_BYTES}"))
        return cls(key)

    def seal(self, kind: str, values: pd.Series) -> pd.Series:
        """``values`` (clear ID or phone numbers of PII kind ``kind``) in their stored form; blanks stay blank,
        values already sealed stay as they are."""
        import pyarrow as pa
        import pyarrow.compute as pc

        arr = _contiguous(values)
        todo = pc.fill_null(pc.invert(pc.match_substring(arr, MARK)), False)
        if not pc.any(todo).as_py():
            return _series(arr, values)
        clear = arr.filter(todo)
        enc, b2a = self._siv.encrypt, binascii.b2a_base64  # a loop of plain calls: ~1 µs a value
        tokens = pa.array([b2a(enc(v.encode(), _AD), newline=False).translate(_URLSAFE).decode()
                           for v in clear.to_pylist()], type=pa.string())
        stored = pc.binary_join_element_wise(mask_array(clear, kind), tokens, MARK)
        return _series(pc.replace_with_mask(arr, todo, stored), values)

    def unseal(self, values: pd.Series) -> pd.Series:
        """Stored forms back to the clear values; a value this key cannot open (sealed under another key, or
        altered) becomes its masked form, never a wrong value; text that is not sealed is returned as it is."""
        import pyarrow as pa
        import pyarrow.compute as pc
        from cryptography.exceptions import InvalidTag

        arr = _contiguous(values)
        sealed = pc.fill_null(pc.match_substring_regex(arr, "^" + _STORED + "$"), False)
        if not pc.any(sealed).as_py():
            return _series(arr, values)
        dec, a2b = self._siv.decrypt, binascii.a2b_base64

        def open_(stored: str) -> str:
            masked, _, token = stored.partition(MARK)
            try:
                return dec(a2b(token.translate(_FROM_URLSAFE)), _AD).decode()
            except (InvalidTag, ValueError, binascii.Error):
                return masked
        clear = pa.array([open_(v) for v in arr.filter(sealed).to_pylist()], type=pa.string())
        return _series(pc.replace_with_mask(arr, sealed, clear), values)

    def check_opens(self, net: PairingNetwork, key_path: Path) -> None:
        """Refuse to append to a store whose seals this key cannot open (sealed on another machine, or the key
        file replaced): the values the append keeps would stay sealed under a key nobody has, so it stops first.
        (A whole load replaces every stored value, so it needs no old key.)"""
        for label, props in PII_PROPS.items():
            df = net.nodes[label]
            for p, _ in props:
                if p not in df.columns:
                    continue
                s = df[p].dropna().astype("string")
                s = s[is_stored(s)]
                if len(s):
                    first = s.iloc[:1]
                    if self.unseal(first).iloc[0] == first.iloc[0].partition(MARK)[0]:
                        raise StoreError(Text("vault.other_key", path=str(key_path)))
                    return

    def seal_network(self, net: PairingNetwork) -> PairingNetwork:
        """``net`` with every PII property of the schema in its stored form (the frames are copied)."""
        return _each_pii(net, lambda kind, s: self.seal(kind, s))

    def unseal_network(self, net: PairingNetwork) -> PairingNetwork:
        """``net`` as a store read it, with every PII property opened."""
        return _each_pii(net, lambda kind, s: self.unseal(s))


def is_stored(values: pd.Series) -> pd.Series:
    """Which of ``values`` (text) are whole stored forms (a masked form and its seal)."""
    return values.notna() & values.str.fullmatch(_STORED).fillna(False).astype(bool)


def shown(values: pd.Series) -> pd.Series:
    """Stored forms as an ad-hoc query may show them: the masked form, the seal dropped."""
    s = values.astype("string")
    return s.str.replace(_PATTERN + "$", "", regex=True)


def open_network(vault: Vault | None, net: PairingNetwork) -> PairingNetwork:
    """A network as a store read it, its PII opened by ``vault``; with no key (None), masked forms."""
    if vault is not None:
        return vault.unseal_network(net)
    return _each_pii(net, lambda kind, s: shown(s))


def open_frame(vault: Vault | None, df: pd.DataFrame) -> pd.DataFrame:
    """A result of the store's own query with every stored form opened (columns may be renamed by the query);
    with no key (None), masked forms."""
    cols = sealed_columns(df)
    if not cols:
        return df
    df = df.copy()
    for c in cols:
        s = df[c].astype("string")
        whole = is_stored(s)
        if whole.any():
            df[c] = vault.unseal(s) if vault is not None else s.mask(whole, shown(s))
    return df


def shown_frame(df: pd.DataFrame) -> pd.DataFrame:
    """An ad-hoc result with every sealed value of its text columns shown as its masked form, and seals inside
    longer text (JSON of the history) dropped too."""
    cols = sealed_columns(df)
    if not cols:
        return df
    import pandas as pd

    df = df.copy()
    for c in cols:
        if pd.api.types.is_string_dtype(df[c]) and df[c].map(lambda v: isinstance(v, str) or v is None
                                                              or v is pd.NA).all():
            df[c] = df[c].astype("string").str.replace(_PATTERN, "", regex=True)
        else:  # lists, maps, nodes (RETURN [h.id_number], {x: h.id_number}, h): each text inside, kept in shape
            df[c] = df[c].map(_shown_value).astype(object)
    return df


def _shown_value(value: Any) -> Any:
    """A value of an ad-hoc result with every seal inside it dropped, lists and maps kept as lists and maps."""
    import numpy as np

    if isinstance(value, str):
        return shown_text(value)
    if isinstance(value, dict) or callable(getattr(value, "items", None)):  # a map, or a node of the driver
        return {k: _shown_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [_shown_value(v) for v in value]
    return value


def shown_text(text: str) -> str:
    """Free text (a history entry's JSON) with every seal dropped, leaving the masked forms."""
    return re.sub(_PATTERN, "", text)


def sealed_columns(df: pd.DataFrame) -> list[str]:
    """The text columns of ``df`` that hold at least one seal."""
    import pandas as pd

    out = []
    for c in df.columns:
        s = df[c]
        if (pd.api.types.is_string_dtype(s) or s.dtype == object) and len(s):
            try:
                if s.astype("string").str.contains(MARK, regex=False).fillna(False).any():
                    out.append(c)
            except (TypeError, ValueError):  # an object column of lists or maps: seals inside stay sealed
                continue
    return out


def key_path_beside(store_path: Path) -> Path:
    """The key file of an embedded store: ``PAIRNET_KEY_FILE`` when set, else ``STORE.key`` beside it."""
    env = os.environ.get(KEY_ENV)
    return Path(env) if env else store_path.with_name(store_path.name + ".key")


def key_path_for_server(location: str, database: str) -> Path:
    """The key file of a Neo4j database: ``PAIRNET_KEY_FILE`` when set, else one file per server and database
    in ``PAIRNET_KEY_DIR`` (default ``~/.config/pairnet/keys``); copy it to every machine that loads the database
    or reads it with ``--show-pii``."""
    env = os.environ.get(KEY_ENV)
    if env:
        return Path(env)
    folder = Path(os.environ.get(KEY_DIR_ENV) or Path.home() / ".config" / "pairnet" / "keys")
    digest = hashlib.sha256(f"{location}\n{database}".encode()).hexdigest()[:16]
    return folder / f"neo4j-{digest}.key"


def _series(arr: Any, like: pd.Series) -> pd.Series:
    import pandas as pd

    return pd.Series(arr.to_pandas(types_mapper=lambda t: pd.StringDtype()).array, index=like.index,
                     name=like.name, dtype="string")


def _write_key(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, base64.b64encode(os.urandom(KEY_BYTES)) + b"\n")
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(tmp, path)  # fails when another writer's key got there first: that one is kept
        except FileExistsError:
            pass
        finally:
            tmp.unlink(missing_ok=True)
    except OSError as e:
        raise StoreError(Text("vault.create_failed", path=str(path), why=e.strerror or str(e))) from e


def _contiguous(values: pd.Series) -> Any:
    """``values`` as one Arrow string array: a pyarrow-backed column put together by concatenation comes back
    from ``pa.array`` in chunks, which ``replace_with_mask`` does not take."""
    import pyarrow as pa

    arr = pa.array(values.astype("string"), type=pa.string(), from_pandas=True)
    return arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr


def _each_pii(net: PairingNetwork, fn: Any) -> PairingNetwork:
    nodes = dict(net.nodes)
    for label, props in PII_PROPS.items():
        df = nodes[label]
        cols = [(p, k) for p, k in props if p in df.columns and df[p].notna().any()]
        if cols:
            df = df.copy()
            for p, kind in cols:
                df[p] = fn(kind, df[p])
            nodes[label] = df
    return net.replace(nodes=nodes)
