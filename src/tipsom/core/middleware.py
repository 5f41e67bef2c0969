"""Request-wide security policy: audit context, session lifetime, second factor, headers."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from tipsom.core import audit
from tipsom.core.choices import ROLES_REQUIRING_2FA
from tipsom.core.twofactor import has_confirmed_device

# Paths a signed-in user who still owes a second factor may reach.
_OTP_EXEMPT_NAMES = (
    "core:two_factor_verify",
    "core:two_factor_setup",
    "core:logout",
    "set_language",
)


def client_ip(request: HttpRequest) -> str | None:
    # Behind the production proxy the client address arrives in X-Forwarded-For; only the
    # proxy's own hop is trusted (TIPSOM_TRUSTED_PROXY_HOPS), so a client cannot spoof it.
    hops = settings.TIPSOM_TRUSTED_PROXY_HOPS
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if hops and forwarded:
        parts = [p.strip() for p in forwarded.split(",") if p.strip()]
        if len(parts) >= hops:
            return parts[-hops]
    return request.META.get("REMOTE_ADDR")


class SessionPolicyMiddleware:
    """Sets the audit context; ends sessions past their absolute lifetime; enforces 2FA."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = audit.set_request_context(audit.RequestContext(ip_address=client_ip(request)))
        try:
            response = self._check(request)
            return response if response is not None else self.get_response(request)
        finally:
            audit.reset_request_context(token)

    def _check(self, request: HttpRequest) -> HttpResponse | None:
        user: Any = request.user
        if not user.is_authenticated:
            return None
        now = time.time()
        session = request.session
        started = session.get("tipsom_signed_in_at")
        if started is None:
            session["tipsom_signed_in_at"] = now
        elif now - started > settings.TIPSOM_SESSION_MAX_HOURS * 3600:
            logout(request)
            return redirect(settings.LOGIN_URL)
        if now - session.get("tipsom_seen", 0) > 60:
            session["tipsom_seen"] = now  # marks the session modified: saved, idle clock reset
        if request.path.startswith(
            settings.STATIC_URL
            if settings.STATIC_URL.startswith("/")
            else "/" + settings.STATIC_URL
        ):
            return None
        if user.is_verified() or session.get("tipsom_no_second_factor_until", 0) > now:
            return None
        exempt = {reverse(name) for name in _OTP_EXEMPT_NAMES}
        if request.path in exempt:
            return None
        if has_confirmed_device(user):
            return redirect(f"{reverse('core:two_factor_verify')}?next={request.path}")
        if user.memberships.filter(role__in=ROLES_REQUIRING_2FA).exists() or user.is_superuser:
            return redirect(reverse("core:two_factor_setup"))
        # Neither a device nor a role that needs one: asked again in five minutes, so a role
        # granted meanwhile is enforced soon without two queries on every request.
        session["tipsom_no_second_factor_until"] = now + 300
        return None


class SecurityHeadersMiddleware:
    """Headers Django does not set itself."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"
        )
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            # Pages with personal data must not linger in shared computers' caches.
            response.headers.setdefault("Cache-Control", "no-store")
        return response
