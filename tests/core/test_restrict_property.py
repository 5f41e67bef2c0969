"""Property test: `restrict()` returns exactly the rows the permission matrix allows.

For random organisation trees, random role memberships and random rows, the queryset filter
is compared with a brute-force reading of the matrix. This covers every role and action for
the core resources, including rows owned by organisations the user has no role in.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from tipsom.core.choices import Action, Role, Scope
from tipsom.core.models import ContactPoint, Job, Membership, Organisation, User
from tipsom.core.permissions import scope_for

ROLES = list(Role.values)
ACTIONS = list(Action.values)

worlds = st.fixed_dictionaries(
    {
        # parent index of organisation i is one of 0..i-1, or None (a root)
        "parents": st.lists(st.integers(min_value=-1, max_value=3), min_size=2, max_size=5),
        "memberships": st.lists(
            st.tuples(st.integers(0, 4), st.sampled_from(ROLES)), min_size=1, max_size=4
        ),
        "rows": st.lists(
            st.tuples(st.integers(0, 5), st.booleans()), min_size=1, max_size=8
        ),  # (organisation index, owned by the user?)
        "action": st.sampled_from(ACTIONS),
    }
)


def _expected(resource, user_orgs_roles, rows, action, parent_of):
    def ancestors_and_self(i):
        seen = []
        while i is not None and i not in seen:
            seen.append(i)
            i = parent_of[i]
        return seen

    allowed = set()
    for row_id, org_index, owned in rows:
        for org_index_m, role in user_orgs_roles:
            scope = scope_for(role, resource, action)
            in_subtree = org_index_m in ancestors_and_self(org_index)
            if (
                scope == Scope.NETWORK
                or (scope == Scope.ORGANISATION and in_subtree)
                or (scope == Scope.OWN and owned)
            ):
                allowed.add(row_id)
    return allowed


class RestrictMatchesTheMatrix(TestCase):
    def _build(self, world):
        orgs, parent_of = [], {}
        for i, p in enumerate(world["parents"]):
            parent_index = p if 0 <= p < i else None
            parent_of[i] = parent_index
            orgs.append(
                Organisation.objects.create(
                    name=f"Org {i}",
                    type="ngo",
                    parent=orgs[parent_index] if parent_index is not None else None,
                )
            )
        user = User.objects.create(username="subject")
        other = User.objects.create(username="someone-else")
        memberships = [(m % len(orgs), role) for m, role in world["memberships"]]
        for org_index, role in set(memberships):
            Membership.objects.create(user=user, organisation=orgs[org_index], role=role)
        return orgs, parent_of, user, other, memberships

    @settings(max_examples=100, deadline=None)
    @given(world=worlds)
    def test_jobs(self, world):
        orgs, parent_of, user, other, memberships = self._build(world)
        rows = []
        for org_index, owned in world["rows"]:
            org_index %= len(orgs)
            job = Job.objects.create(
                kind="k", organisation=orgs[org_index], created_by=user if owned else other
            )
            rows.append((job.pk, org_index, owned))
        got = set(Job.objects.restrict(user, world["action"]).values_list("pk", flat=True))
        assert got == _expected("job", memberships, rows, world["action"], parent_of)

    @settings(max_examples=100, deadline=None)
    @given(world=worlds)
    def test_contact_points(self, world):
        orgs, parent_of, user, _other, memberships = self._build(world)
        rows = []
        for org_index, _owned in world["rows"]:
            org_index %= len(orgs)
            contact = ContactPoint.objects.create(organisation=orgs[org_index], name="x")
            rows.append((contact.pk, org_index, False))
        got = set(ContactPoint.objects.restrict(user, world["action"]).values_list("pk", flat=True))
        assert got == _expected("contactpoint", memberships, rows, world["action"], parent_of)

    @settings(max_examples=100, deadline=None)
    @given(world=worlds)
    def test_users(self, world):
        orgs, parent_of, user, _other, memberships = self._build(world)
        rows = []
        for n, (org_index, _owned) in enumerate(world["rows"]):
            org_index %= len(orgs)
            staff = User.objects.create(username=f"staff{n}")
            Membership.objects.create(user=staff, organisation=orgs[org_index], role="caseworker")
            rows.append((staff.pk, org_index, False))
        staff_ids = {pk for pk, _, _ in rows}
        got = set(
            User.objects.restrict(user, world["action"])
            .filter(pk__in=staff_ids)
            .values_list("pk", flat=True)
        )
        assert got == _expected("user", memberships, rows, world["action"], parent_of)
