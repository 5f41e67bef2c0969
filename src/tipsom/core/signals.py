"""Sign-in events go to the audit log."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.dispatch import receiver

from tipsom.core import audit
from tipsom.core.choices import AuditAction


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    with transaction.atomic():
        audit.record(AuditAction.LOGIN, actor=user, instance=user, summary="signed in")


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        with transaction.atomic():
            audit.record(AuditAction.LOGOUT, actor=user, instance=user, summary="signed out")


@receiver(user_login_failed)
def _login_failed(sender: Any, credentials: dict, request: Any = None, **kwargs: Any) -> None:
    # The username tried is recorded (it is needed to spot guessing); the password never is.
    with transaction.atomic():
        audit.record(
            AuditAction.LOGIN_FAILED,
            object_type="core.user",
            summary=f"failed sign-in as {str(credentials.get('username', ''))[:150]}",
        )


@receiver(user_locked_out)
def _locked_out(sender: Any, request: Any = None, username: str = "", **kwargs: Any) -> None:
    with transaction.atomic():
        audit.record(
            AuditAction.LOCKOUT,
            object_type="core.user",
            summary=f"account {str(username)[:150]} locked after repeated failures",
        )
