"""Generator profiles (kept here for existing imports): see ``pairnet.loaders.synthetic.profiles``."""

from pairnet.loaders.synthetic.defects import Defects
from pairnet.loaders.synthetic.profiles import PROFILES, Profile, get_profile

__all__ = ["PROFILES", "Defects", "Profile", "get_profile"]
