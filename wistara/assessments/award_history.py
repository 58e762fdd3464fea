"""The award facts that live in apps above this one, for every projection of a category.

A regency's projected category needs its previous period's category (the decision of the
previous cycle, or a past award a national admin recorded) and which of Paripurna's further
documents a verifier accepted. Both are verification's data, and this app is below it, so
verification registers its reader at start-up (AppConfig.ready), as it registers its workspace
banner. Without a reader (a process that never loads verification) a projection only lacks
Paripurna, as it did before.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Registration

# registration -> (previous period's category code or None, accepted Paripurna documents)
AwardHistory = Callable[["Registration"], tuple[str | None, frozenset[str]]]
AWARD_HISTORY_READERS: list[AwardHistory] = []


def award_history(registration: "Registration") -> tuple[str | None, frozenset[str]]:
    if not AWARD_HISTORY_READERS:
        return None, frozenset()
    return AWARD_HISTORY_READERS[0](registration)  # verification's, the one reader there is
