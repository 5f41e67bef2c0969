from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "tipsom.insights"
    label = "insights"
    verbose_name = "Official statistics"

    def ready(self) -> None:
        from tipsom.insights import permissions, services  # noqa: F401 - grants, jobs
