from django.apps import AppConfig


class JusticeConfig(AppConfig):
    name = "tipsom.justice"
    label = "justice"
    verbose_name = "Criminal justice"

    def ready(self) -> None:
        from tipsom.justice import permissions  # noqa: F401 - register grants
