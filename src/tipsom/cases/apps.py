from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "tipsom.cases"
    label = "cases"
    verbose_name = "Case management"

    def ready(self) -> None:
        from tipsom.cases import permissions  # noqa: F401 - register the cases' grants
