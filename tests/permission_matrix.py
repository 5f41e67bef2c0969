"""A permission-matrix test base, applied to every view and API endpoint.

Each endpoint is described once (`Endpoint`) and checked under four conditions:

* anonymous: pages redirect to sign-in, the API answers 401/403;
* no permission: a signed-in user whose roles grant nothing here is refused, or (for lists)
  sees none of the protected rows;
* permitted: a user whose role grants the action succeeds;
* other organisation: the same permitted user, pointed at another organisation's record,
  gets 404 (existence is not disclosed) or, for lists, never sees that record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from tests import factories

World = dict[str, Any]
Url = Callable[[World], str]


@dataclass(frozen=True)
class Endpoint:
    name: str  # URL name, e.g. "core:organisation_detail" or "api:job-list"
    url: Url
    permitted: str  # key of the user in the world who may use it
    forbidden: str | None  # key of a signed-in user who may not (None: open to every user)
    other_url: Url | None = None  # the same endpoint for another organisation's record
    method: str = "get"
    data: Callable[[World], dict] | None = None
    ok: tuple[int, ...] = (200,)
    # For lists: text that shows a protected row of the permitted organisation / of another.
    own_marker: Callable[[World], str] | None = None
    other_marker: Callable[[World], str] | None = None
    api: bool = False
    extra: dict = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.name}"


def request(client: Any, endpoint: Endpoint, url: str, world: World) -> Any:
    data = endpoint.data(world) if endpoint.data else {}
    if endpoint.method == "get":
        return client.get(url, data)
    if endpoint.api:
        return getattr(client, endpoint.method)(url, data, content_type="application/json")
    return getattr(client, endpoint.method)(url, data)


def check_anonymous(client: Any, endpoint: Endpoint, world: World) -> None:
    response = request(client, endpoint, endpoint.url(world), world)
    if endpoint.api:
        assert response.status_code in (401, 403), response.status_code
    else:
        assert response.status_code == 302, response.status_code
        assert "/sign-in/" in response["Location"]


def check_no_permission(client: Any, endpoint: Endpoint, world: World) -> None:
    if endpoint.forbidden is None:
        return
    factories.sign_in(client, world[endpoint.forbidden])
    response = request(client, endpoint, endpoint.url(world), world)
    if endpoint.own_marker is not None and response.status_code == 200:
        content = response.content.decode()
        assert endpoint.own_marker(world) not in content, "a protected row was shown"
        return
    assert response.status_code in (403, 404), response.status_code


def check_permitted(client: Any, endpoint: Endpoint, world: World) -> None:
    factories.sign_in(client, world[endpoint.permitted])
    response = request(client, endpoint, endpoint.url(world), world)
    assert response.status_code in endpoint.ok, (response.status_code, response.content[:500])
    if endpoint.own_marker is not None:
        assert endpoint.own_marker(world) in response.content.decode()


def check_other_organisation(client: Any, endpoint: Endpoint, world: World) -> None:
    factories.sign_in(client, world[endpoint.permitted])
    if endpoint.other_url is not None:
        response = request(client, endpoint, endpoint.other_url(world), world)
        assert response.status_code in (403, 404), response.status_code
    if endpoint.other_marker is not None:
        response = request(client, endpoint, endpoint.url(world), world)
        assert endpoint.other_marker(world) not in response.content.decode(), (
            "another organisation's row was shown"
        )


CONDITIONS = {
    "anonymous": check_anonymous,
    "no_permission": check_no_permission,
    "permitted": check_permitted,
    "other_organisation": check_other_organisation,
}


def url(name: str, *keys: str, attr: str = "pk") -> Url:
    """A URL builder taking each argument from the world by key."""
    return lambda w: reverse(name, args=[getattr(w[k], attr) for k in keys])


def static(name: str) -> Url:
    return lambda w: reverse(name)
