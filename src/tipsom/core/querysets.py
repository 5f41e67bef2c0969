"""`restrict(user, action)`: the one road to sensitive rows.

Every model whose rows need protecting uses `RestrictedQuerySet` and declares three class
attributes:

* ``restrict_resource``: its name in the permission matrix (permissions.py);
* ``restrict_organisation_path``: the lookup from the row to its owning organisation
  (``"pk"`` for Organisation itself, ``None`` if rows have no owner organisation), or a tuple
  of such lookups for rows two organisations share (a referral's sender and receiver);
* ``restrict_owner_path``: the lookup from the row to the user who owns it, or a tuple of
  such lookups (any of them makes the user an owner), or ``None``.

Organisation scope covers the user's organisation and every organisation below it in the
hierarchy (FIA headquarters sees its circles' rows, a circle does not see its siblings').
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Self

from django.db import models
from django.db.models import Q

from tipsom.core.choices import Scope
from tipsom.core.permissions import scope_for

if TYPE_CHECKING:
    from tipsom.core.models import Organisation, User


@dataclass(frozen=True)
class Access:
    network: bool = False
    organisation_ids: frozenset[int] = field(default_factory=frozenset)
    own: bool = False

    @property
    def none(self) -> bool:
        return not (self.network or self.organisation_ids or self.own)


def organisation_subtree(root_ids: set[int]) -> set[int]:
    """The given organisations and all their descendants."""
    from tipsom.core.models import Organisation

    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Organisation.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, stack = set(), list(root_ids)
    while stack:
        pk = stack.pop()
        if pk in found:
            continue
        found.add(pk)
        stack.extend(children.get(pk, ()))
    return found


def memberships_of(user: User) -> list[tuple[int, str]]:
    """(organisation id, role) pairs of an active user, cached on the user object."""
    cached = getattr(user, "_tipsom_memberships", None)
    if cached is None:
        cached = list(user.memberships.values_list("organisation_id", "role"))
        user._tipsom_memberships = cached  # type: ignore[attr-defined]
    return cached


def access_for(user: Any, resource: str, action: str) -> Access:
    """What the matrix grants ``user`` for ``action`` on ``resource``, over all their roles."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Access()
    if user.is_superuser:
        return Access(network=True)
    network, own, roots = False, False, set()
    for organisation_id, role in memberships_of(user):
        scope = scope_for(role, resource, action)
        if scope == Scope.NETWORK:
            network = True
        elif scope == Scope.ORGANISATION:
            roots.add(organisation_id)
        elif scope == Scope.OWN:
            own = True
    if network:
        return Access(network=True)
    return Access(
        organisation_ids=frozenset(organisation_subtree(roots)) if roots else frozenset(), own=own
    )


def allows(user: Any, resource: str, action: str, organisation: Organisation | None) -> bool:
    """May ``user`` do ``action`` on a (new) ``resource`` row owned by ``organisation``?"""
    access = access_for(user, resource, action)
    if access.network:
        return True
    if organisation is not None and organisation.pk in access.organisation_ids:
        return True
    # Own scope lets a user create rows they will own, inside an organisation they belong to.
    return access.own and (
        organisation is None or any(o == organisation.pk for o, _ in memberships_of(user))
    )


def crosses_many(model: type[models.Model], path: str) -> bool:
    """Whether a lookup path passes through a to-many relation (and so can repeat rows)."""
    current: Any = model
    for name in path.split("__"):
        if name == "pk":
            return False
        field = current._meta.get_field(name)
        if field.many_to_many or field.one_to_many:
            return True
        if not field.is_relation:
            return False
        current = field.related_model
    return False


class RestrictedQuerySet(models.QuerySet):
    def restrict(self, user: Any, action: str = "view") -> Self:
        """Only the rows ``user`` may ``action``; an empty queryset for anonymous users."""
        model = self.model
        access = access_for(user, model.restrict_resource, action)  # type: ignore[attr-defined]
        if access.network:
            return self
        if access.none:
            return self.none()
        condition = Q(pk__in=[])
        paths = []
        org_path = getattr(model, "restrict_organisation_path", None)
        owner_path = getattr(model, "restrict_owner_path", None)
        if access.organisation_ids and org_path:
            for path in (org_path,) if isinstance(org_path, str) else org_path:
                lookup = "pk__in" if path == "pk" else f"{path}__in"
                condition |= Q(**{lookup: access.organisation_ids})
                paths.append(path)
        if access.own and owner_path:
            for path in (owner_path,) if isinstance(owner_path, str) else owner_path:
                condition |= Q(**{path: user})
                paths.append(path)
        if not any(crosses_many(model, p) for p in paths):
            return self.filter(condition)
        # A subquery keeps multi-valued paths (a user in several organisations) free of duplicates.
        return self.filter(pk__in=model._default_manager.filter(condition).values("pk"))


RestrictedManager = models.Manager.from_queryset(RestrictedQuerySet)
