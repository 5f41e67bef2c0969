from django.apps import AppConfig


class JusticeConfig(AppConfig):
    name = "tipsom.justice"
    label = "justice"
    verbose_name = "Criminal justice"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from tipsom.cases.models import IdentityDocument, Person
        from tipsom.justice import permissions  # noqa: F401 - register grants
        from tipsom.justice.signals import document_added, person_created

        post_save.connect(person_created, sender=Person, dispatch_uid="justice.watchlist")
        post_save.connect(
            document_added, sender=IdentityDocument, dispatch_uid="justice.watchlist.document"
        )
