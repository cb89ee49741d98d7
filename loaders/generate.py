"""The generator's entry points (``pairnet generate``), kept at this path for existing imports; the steps live in
``pairnet.loaders.synthetic``."""

from pairnet.loaders.synthetic import (PROFILES, STEPS, Generated, generate, generate_workbook, id_numbers, truth_of,
                                       write_generated)

__all__ = ["PROFILES", "STEPS", "Generated", "generate", "generate_workbook", "id_numbers", "truth_of",
           "write_generated"]
