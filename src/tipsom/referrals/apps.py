from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "tipsom.referrals"
    label = "referrals"
    verbose_name = "Referrals"

    def ready(self) -> None:
        from tipsom.cases import sharing
        from tipsom.core import dashboard
        from tipsom.referrals import permissions, selectors  # noqa: F401 - register grants

        sharing.register(selectors.case_share)
        sharing.register_panel(selectors.case_panel)
        dashboard.register(selectors.dashboard_card)
