"""The synthetic county generator: profiles of the source documents' counties drawn as pairing networks with
planted defects and their truth. ``pipeline.generate`` runs the steps, one module each."""

from pairnet.loaders.synthetic.defects import Defects
from pairnet.loaders.synthetic.idnumbers import id_numbers
from pairnet.loaders.synthetic.pipeline import STEPS, Generated, generate, generate_workbook, write_generated
from pairnet.loaders.synthetic.profiles import PROFILES, Profile, get_profile
from pairnet.loaders.synthetic.truth import truth_of

__all__ = ["PROFILES", "STEPS", "Defects", "Generated", "Profile", "generate", "generate_workbook", "get_profile",
           "id_numbers", "truth_of", "write_generated"]
