from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "tipsom.exchange"
    label = "exchange"
    verbose_name = "Data exchange"

    def ready(self) -> None:
        from tipsom.exchange import permissions, services  # noqa: F401 - grants, job handler
