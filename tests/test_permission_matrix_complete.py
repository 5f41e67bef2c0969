"""Every URL of the project has a row in some app's permission matrix."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver

from tests.cases.test_permission_matrix import ENDPOINTS as CASES
from tests.core.test_permission_matrix import ENDPOINTS as CORE
from tests.exchange.test_permission_matrix import ENDPOINTS as EXCHANGE
from tests.insights.test_permission_matrix import ENDPOINTS as INSIGHTS
from tests.justice.test_permission_matrix import ENDPOINTS as JUSTICE
from tests.linkage.test_permission_matrix import ENDPOINTS as LINKAGE
from tests.network.test_permission_matrix import ENDPOINTS as NETWORK
from tests.programme.test_permission_matrix import ENDPOINTS as PROGRAMME
from tests.referrals.test_permission_matrix import ENDPOINTS as REFERRALS

# Reachable without signing in, on purpose.
PUBLIC = {"core:login", "set_language", "public:index", "public:release", "public:download"}


def _url_names(patterns, namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _url_names(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}{p.name}"


def test_every_endpoint_is_in_a_matrix():
    every = [*CORE, *CASES, *REFERRALS, *EXCHANGE, *LINKAGE, *JUSTICE, *INSIGHTS, *NETWORK]
    every += PROGRAMME
    covered = {e.name.split(" ")[0] for e in every} | PUBLIC
    # DRF's router adds format-suffix twins of each route; the routes themselves are covered.
    names = {n for n in _url_names(get_resolver().url_patterns) if not n.endswith("-format")}
    missing = sorted(names - covered)
    assert not missing, f"endpoints without permission-matrix tests: {missing}"
