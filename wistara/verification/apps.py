from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerificationConfig(AppConfig):
    name = "wistara.verification"
    label = "verification"
    verbose_name = _("Verification")

    def ready(self) -> None:
        # A return for correction announces itself on every page of the regency's workspace.
        from wistara.assessments.banners import WORKSPACE_BANNERS

        from .templatetags.verification_tags import return_banner_html

        if return_banner_html not in WORKSPACE_BANNERS:
            WORKSPACE_BANNERS.append(return_banner_html)

        # Every projection of a category reads the previous period's category and Paripurna's
        # accepted documents, which are this app's data (assessments.award_history).
        from wistara.assessments.award_history import AWARD_HISTORY_READERS

        from .awards import award_history_of

        if award_history_of not in AWARD_HISTORY_READERS:
            AWARD_HISTORY_READERS.append(award_history_of)
