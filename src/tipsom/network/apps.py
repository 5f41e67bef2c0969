from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "tipsom.network"
    label = "network"
    verbose_name = "Network coordination"

    def ready(self) -> None:
        from tipsom.core import dashboard
        from tipsom.network import permissions, selectors  # noqa: F401 - register grants

        dashboard.register(selectors.dashboard_card)
