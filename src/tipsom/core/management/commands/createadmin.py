import getpass
import os
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from tipsom.core import audit, services
from tipsom.core.choices import AuditAction, OrganisationType, Role
from tipsom.core.models import Organisation, User


class Command(BaseCommand):
    help = "Create a system admin (network-wide user management; two-step sign-in required)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--organisation",
            default="System administration",
            help="name or acronym of the admin's organisation (created if absent)",
        )
        parser.add_argument(
            "--organisation-type",
            default=OrganisationType.UN_AGENCY,
            choices=OrganisationType.values,
        )

    def handle(self, *args: Any, **options: Any) -> None:
        password = os.environ.get("TIPSOM_ADMIN_PASSWORD")
        if not password and os.isatty(0):
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("the passwords differ")
        name = options["organisation"]
        with transaction.atomic():
            organisation = (
                Organisation.objects.filter(name=name).first()
                or Organisation.objects.filter(acronym=name).first()
            )
            if organisation is None:
                organisation = Organisation(name=name, type=options["organisation_type"])
                organisation.full_clean()
                organisation.save()
                audit.record(
                    AuditAction.CREATE,
                    instance=organisation,
                    summary="created by `tipsom createadmin`",
                    organisation_id=organisation.pk,
                )
            if User.objects.filter(username__iexact=options["username"]).exists():
                raise CommandError(f"the username '{options['username']}' is taken")
            # The command line is the trust root: it acts as a superuser would.
            root = User(is_superuser=True, is_active=True)
            try:
                user, password = services.create_user(
                    root,
                    organisation,
                    username=options["username"],
                    email=options["email"],
                    roles=[Role.SYSTEM_ADMIN],
                    password=password or None,
                )
            except ValidationError as error:
                raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(f"system admin {user.username} created in {organisation}")
        if not os.environ.get("TIPSOM_ADMIN_PASSWORD") and not os.isatty(0):
            self.stdout.write(f"first password: {password}")
        self.stdout.write("two-step sign-in will be set up at the first sign-in")
