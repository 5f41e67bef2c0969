from django.apps import AppConfig


class LinkageConfig(AppConfig):
    name = "tipsom.linkage"
    label = "linkage"
    verbose_name = "Record linkage"

    def ready(self) -> None:
        from tipsom.cases import sharing
        from tipsom.core import dashboard
        from tipsom.linkage import permissions, selectors, services  # noqa: F401 - grants, jobs

        dashboard.register(selectors.dashboard_card)
        sharing.register_panel(selectors.case_panel)
