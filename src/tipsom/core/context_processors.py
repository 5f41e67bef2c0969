"""Role-aware navigation for the base layout."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tipsom.core.querysets import access_for

# (label, url name, resource, action) — an entry shows when the matrix grants the action.
NAVIGATION = [
    (_("Home"), "core:home", None, None),
    (_("Cases"), "cases:case_list", "case", "view"),
    (_("Referrals"), "referrals:referral_list", "referral", "view"),
    (_("Imports"), "exchange:import_list", "importbatch", "view"),
    (_("Services"), "referrals:directory", "serviceoffer", "view"),
    (_("Linkage"), "linkage:pair_list", "linkagerun", "view"),
    (_("Investigations"), "justice:fir_list", "fir", "view"),
    (_("Watchlist"), "justice:watchlist", "watchlist", "view"),
    (_("Network"), "network:home", "networkmeeting", "view"),
    (_("Joint programme"), "programme:list", "programme", "view"),
    (_("Statistics"), "insights:dashboard", "statistics", "view"),
    (_("Releases"), "insights:release_list", "release", "view"),
    (_("Watchlist hits"), "justice:hit_list", "watchlisthit", "view"),
    (_("Referral report"), "referrals:report", "referralreport", "view"),
    (_("Inbox"), "core:inbox", "notification", "view"),
    (_("Organisations"), "core:organisation_list", "organisation", "view"),
    (_("Users"), "core:user_list", "user", "view"),
    (_("Jobs"), "core:job_list", "job", "view"),
    (_("Audit log"), "core:audit_list", "auditentry", "view"),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    items = []
    for label, url_name, resource, action in NAVIGATION:
        if resource is None or not access_for(user, resource, str(action)).none:
            url = reverse(url_name)
            items.append({"label": label, "url": url, "active": request.path == url})
    return {"navigation": items}
