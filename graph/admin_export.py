"""neo4j-admin import files of a network: one CSV per label, per type and source label, with typed headers."""

from __future__ import annotations

import csv
import io
import shlex
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pairnet.graph.core import atomic
from pairnet.graph.core import schema
from pairnet.graph.core.cells import neutralise
from pairnet.graph.network import PairingNetwork


@dataclass
class AdminExport:
    """The files written and the ``neo4j-admin database import full`` command that loads them."""

    out_dir: Path
    nodes: dict[str, Path] = field(default_factory=dict)  # label -> file
    relationships: dict[str, list[Path]] = field(default_factory=dict)  # type -> files (one per source label)
    rows: dict[str, int] = field(default_factory=dict)  # file name -> data rows
    multiline: bool = False  # some text holds a line break: the import needs --multiline-fields=true

    def command(self, database: str = "neo4j") -> str:
        """The shell command that builds ``database`` from these files (the database must not exist yet)."""
        args = ["neo4j-admin", "database", "import", "full", database]
        args += [f"--nodes={p}" for p in self.nodes.values()]
        args += [f"--relationships={p}" for ps in self.relationships.values() for p in ps]
        if self.multiline:
            args.append("--multiline-fields=true")
        return " ".join(shlex.quote(a) for a in args)


@atomic.together()  # all the files or none
def export_admin(network: PairingNetwork, out_dir: str | Path) -> AdminExport:
    """Write ``network`` as neo4j-admin import CSV files into ``out_dir``.

    Headers come from the schema (``key:ID(Label)``, ``since:date``, ``:START_ID(Cadre)``, ...), so each label
    has its own ID space. Text that a spreadsheet would run as a formula (``= + - @``, tab, CR at its start) is
    neutralised with a leading ``'`` like every CSV pairnet writes, since a clerk may open these files in Excel;
    numbers, dates and booleans are written as they are (``-5`` stays a number).

    >>> export_admin(PairingNetwork.empty(), "/tmp/doctest-admin").command()  # doctest: +ELLIPSIS
    'neo4j-admin database import full neo4j --nodes=/tmp/doctest-admin/nodes_Town.csv ...'
    """
    out = Path(out_dir).resolve()
    atomic.make_dirs(out)
    result = AdminExport(out)
    for n in schema.NODES:
        df = network.nodes[n.label]
        path = out / f"nodes_{n.label}.csv"
        _write(path, schema.admin_node_header(n.label), [*(df[p.name] for p in schema.stored_props(n.label)), _const(n.label, df)])
        result.nodes[n.label] = path
        result.rows[path.name] = len(df)
        result.multiline |= _has_line_break(df)
    for r in schema.RELS:
        df = network.rels[r.type]
        for src, _ in r.ends:
            part = df[df["source_label"] == src] if r.multi_source else df
            path = out / f"rels_{r.type}_{src}.csv"
            cols = [part["source"], *(part[c] for c in r.prop_names), part["target"], _const(r.type, part)]
            _write(path, schema.admin_rel_header(r.type, src), cols)
            result.relationships.setdefault(r.type, []).append(path)
            result.rows[path.name] = len(part)
            result.multiline |= _has_line_break(part)
    return result


def _const(value: str, df: pd.DataFrame) -> pd.Series:
    return pd.Series(value, index=df.index, dtype="string")


def _write(path: Path, header: list[str], columns: list[pd.Series]) -> None:
    frame = pd.concat([_text(c) for c in columns], axis=1) if columns else pd.DataFrame()
    f = io.StringIO(newline="")
    w = csv.writer(f)
    w.writerow(header)
    w.writerows(frame.itertuples(index=False, name=None))
    atomic.write_text(path, f.getvalue())


def _text(s: pd.Series) -> pd.Series:
    """Cells as neo4j-admin reads them: ISO dates, ``true``/``false``, integers without ``.0``, blanks empty."""
    dtype = str(s.dtype)
    if dtype.startswith("datetime64"):
        out = s.dt.strftime("%Y-%m-%d")
    elif dtype == "boolean":
        out = s.map({True: "true", False: "false"})
    elif pd.api.types.is_string_dtype(s.dtype) or s.dtype == object:
        out = s.astype("string").map(neutralise, na_action="ignore")
    else:
        out = s.astype("string")
    return out.astype(object).where(s.notna(), "").reset_index(drop=True)


def _has_line_break(df: pd.DataFrame) -> bool:
    for c in df.columns:
        if str(df[c].dtype) == "string" and df[c].str.contains(r"[\r\n]", regex=True, na=False).any():
            return True
    return False
