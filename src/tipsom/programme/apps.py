from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "tipsom.programme"
    label = "programme"
    verbose_name = "Joint programme"

    def ready(self) -> None:
        from tipsom.programme import permissions  # noqa: F401 - register grants
