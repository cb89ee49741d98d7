"""Sealing and opening ID numbers (graph/vault.py) beside masking the same values (what every output already
does), in one run: medians over repeats, microseconds a value, and the ratios.

    .venv/bin/python benchmarks/vault_bench.py --values 300000 --repeats 5
"""

from __future__ import annotations

import argparse
import os
import sys

import pandas as pd
from ledger_bench import timed  # the same median-of-repeats timer (run as a script: benchmarks/ is on the path)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--values", type=int, default=300_000)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    from pairnet.graph import vault
    from pairnet.graph.core.pii import mask_strings

    v = vault.Vault(os.urandom(vault.KEY_BYTES))
    ids = pd.Series([f"610924{19500101 + i % 500000:08d}{i % 10000:04d}" for i in range(args.values)], dtype="string")
    t_mask, _ = timed(lambda: mask_strings(ids, "id_number"), args.repeats)
    t_seal, sealed = timed(lambda: v.seal("id_number", ids), args.repeats)
    t_open, back = timed(lambda: v.unseal(sealed), args.repeats)  # type: ignore[arg-type]
    assert back.equals(ids), "the vault changed a value"  # type: ignore[union-attr]
    us = 1e6 / args.values
    print(f"{args.values:,} ID numbers, median of {args.repeats}")
    print(f"mask (baseline) {t_mask:7.3f} s {t_mask * us:6.2f} us/value")
    print(f"seal            {t_seal:7.3f} s {t_seal * us:6.2f} us/value  {t_seal / t_mask:6.1f}x mask")
    print(f"open            {t_open:7.3f} s {t_open * us:6.2f} us/value  {t_open / t_mask:6.1f}x mask")


if __name__ == "__main__":
    sys.exit(main())
