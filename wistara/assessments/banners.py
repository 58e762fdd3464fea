"""Banners shown at the top of every page of a regency's workspace.

The workspace's head belongs here, but what it must announce may come from an app above this
one (verification's return for correction, with its deadline). Such an app registers a banner
at start-up (AppConfig.ready), as verification's SUBMISSION_GATES takes the dossier's gate: a
function of the page's template context that returns HTML, or "" when it has nothing to say.
"""

from collections.abc import Callable

WORKSPACE_BANNERS: list[Callable[[dict], str]] = []
