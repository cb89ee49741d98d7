"""Joint village committees (联村党委): plan contiguous, bounded, strong-led committees and check existing ones.

``plan`` runs the ``search`` over a ``county``, ``check`` applies the ``rules`` to the committees in a network,
and both report ``metrics``. The commands layer turns their JSON documents into sheets and text.
"""

from pairnet.queries.committees.check import check_committees
from pairnet.queries.committees.plan import plan_committees

__all__ = ["check_committees", "plan_committees"]
