"""The synthetic county generator: profiles of the source documents' counties drawn as pairing networks with
planted defects and their truth. ``pipeline.generate`` runs the steps, one module each."""

from __future__ import annotations

import importlib
from typing import Any

# Names are resolved on first use, so that reading the profile table (the CLI's --profile choices) does not
# import numpy and pandas with the generator's steps.
_WHERE = {"Defects": "defects", "id_numbers": "idnumbers", "STEPS": "pipeline", "Generated": "pipeline",
          "generate": "pipeline", "generate_workbook": "pipeline", "write_generated": "pipeline",
          "PROFILES": "profiles", "Profile": "profiles", "get_profile": "profiles", "truth_of": "truth"}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
