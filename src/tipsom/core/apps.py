from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "tipsom.core"
    label = "core"
    verbose_name = "tipsom core"

    def ready(self) -> None:
        from tipsom.core import signals, tasks  # noqa: F401 - connect receivers, register jobs
