"""Every read of record linkage, through `restrict` (the permission matrix)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import F, QuerySet
from django.db.models.functions import Coalesce

from tipsom.cases.models import CaseRole, Person
from tipsom.core.crypto import keyed_token
from tipsom.core.models import Organisation
from tipsom.core.querysets import access_for
from tipsom.core.selectors import get_restricted, record_view
from tipsom.linkage import choices as c
from tipsom.linkage import extract
from tipsom.linkage.models import Decision, Identity, LinkageRun, MatchPair, Membership

# What a reviewer sees of each side of a pair: the compared fields, numbers cut to their end.
COMPARED = [
    ("first_name", "first name"),
    ("family_name", "family name"),
    ("father_name", "father's name"),
    ("birth_date", "birth date"),
    ("birth_year", "birth year"),
    ("document", "document (last digits)"),
    ("phone", "phone (last digits)"),
    ("district", "district"),
    ("sex", "sex"),
]


def organisation_label(organisation: Organisation) -> str:
    return organisation.label


def runs(user: Any) -> QuerySet[LinkageRun]:
    return LinkageRun.objects.restrict(user).defer("model")


def pairs(user: Any, status: str | None = c.PairStatus.PENDING) -> QuerySet[MatchPair]:
    """Pairs involving the user's organisation's persons; the review queue by default,
    surest first."""
    found = MatchPair.objects.restrict(user).select_related(
        "left__organisation", "right__organisation"
    )
    if status:
        found = found.filter(status=status)
    return found.order_by("-probability", "pk")


def _tail(value: str, keep: int = 4) -> str:
    digits = "".join(ch for ch in value or "" if ch.isalnum())
    return "" if not digits else "•" * max(0, len(digits) - keep) + digits[-keep:]


def side(person: Person) -> dict[str, Any]:
    """One side of a pair as the reviewer sees it."""
    fresh = extract.prefetched(Person.objects.filter(pk=person.pk)).get()
    record = extract.record(fresh)
    record["document"], record["phone"] = _tail(record["document"]), _tail(record["phone"])
    return {
        "person_id": person.pk,
        "organisation": organisation_label(person.organisation),
        "fields": [(label, record.get(key) or "") for key, label in COMPARED],
    }


def pair_detail(user: Any, pk: int) -> dict[str, Any]:
    """A pair with both sides' compared fields and the score's explanation (404 for a pair
    the user may not see); the view is audited."""
    pair = get_restricted(
        MatchPair.objects.select_related("left__organisation", "right__organisation"), user, pk
    )
    left, right = side(pair.left), side(pair.right)
    record_view(user, [pair.left, pair.right], f"linkage: compared the persons of pair #{pair.pk}")
    rows = [
        {"label": label, "left": lv, "right": rv, "same": bool(lv) and lv == rv}
        for (label, lv), (_, rv) in zip(left["fields"], right["fields"], strict=True)
    ]
    return {
        "pair": pair,
        "left": left,
        "right": right,
        "rows": rows,
        "explanation": pair.explanation,
        "decisions": [
            (d, is_undone(d))
            for d in Decision.objects.restrict(user).filter(pair=pair).select_related("actor")
        ],
        "can_undo": MatchPair.objects.restrict(user, "change").filter(pk=pair.pk).exists(),
        "can_decide": pair.status in (c.PairStatus.PENDING, c.PairStatus.LINKED)
        and MatchPair.objects.restrict(user, "change").filter(pk=pair.pk).exists(),
    }


@dataclass
class Member:
    member_id: int  # the membership: how a member is named to users of other organisations
    person_id: int
    organisation: str
    roles: list[str]
    visible: bool  # the user may open this person's record


def identity_detail(user: Any, pk: int) -> dict[str, Any]:
    """An identity: each member's organisation and case roles, with a link where the user
    may open the record, and the decisions on it the user may see (404 if the user may not
    see the identity)."""
    identity = get_restricted(Identity.objects.all(), user, pk)
    members = list(
        Membership.objects.filter(identity=identity).select_related("person__organisation")
    )
    person_ids = [m.person_id for m in members]
    visible = set(
        Person.objects.restrict(user).filter(pk__in=person_ids).values_list("pk", flat=True)
    )
    roles: dict[int, list[str]] = defaultdict(list)
    for person_id, role, case_type in CaseRole.objects.filter(person__in=person_ids).values_list(
        "person", "role", "case__type"
    ):
        roles[person_id].append(f"{role} ({case_type})")
    touching = (
        Decision.objects.filter(persons__in=person_ids) | Decision.objects.filter(identity=identity)
    ).values("pk")
    decisions = (
        Decision.objects.restrict(user).filter(pk__in=touching).select_related("actor", "undoes")
    )
    undone = set(Decision.objects.filter(undoes__in=decisions).values_list("undoes", flat=True))
    can_change = Identity.objects.restrict(user, "change").filter(pk=identity.pk).exists()
    return {
        "identity": identity,
        "members": [
            Member(
                m.pk,
                m.person_id,
                organisation_label(m.person.organisation),
                roles[m.person_id],
                m.person_id in visible,
            )
            for m in members
        ],
        "organisations": sorted({organisation_label(m.person.organisation) for m in members}),
        "decisions": [(d, d.pk in undone) for d in decisions.order_by("-pk")[:50]],
        "can_change": can_change,
    }


def identity_of(user: Any, person: Person) -> Identity | None:
    membership = Membership.objects.filter(person=person).first()
    if membership is None:
        return None
    return Identity.objects.restrict(user).filter(pk=membership.identity_id).first()


# --- counts for the statistics ---------------------------------------------------------------


def identity_keys(persons: QuerySet[Person]) -> QuerySet[Any]:
    """Each person's key as one person of the network: their identity's (negative numbers,
    which no person id is) or, unlinked, their own id."""
    return persons.annotate(
        person_key=Coalesce(-F("identity_link__identity_id"), F("pk"), output_field=Person._meta.pk)
    )


def distinct_count(persons: QuerySet[Person]) -> int:
    """How many persons of the network these source records are, deduplicated by linkage."""
    return identity_keys(persons).values("person_key").distinct().count()


def _pseudonym(key: int) -> str:
    return keyed_token("linkage-register", str(key), 16)


def registers(persons: QuerySet[Person]) -> list[dict[str, Any]]:
    """For each distinct person, the organisations whose registers hold them (a stable
    pseudonym, never an id): the input of population estimation."""
    found: dict[int, set[str]] = defaultdict(set)
    names = {o.pk: organisation_label(o) for o in Organisation.objects.only("acronym", "name")}
    for key, organisation in identity_keys(persons).values_list("person_key", "organisation"):
        found[key].add(names[organisation])
    return [
        {"person": _pseudonym(key), "organisations": sorted(orgs)}
        for key, orgs in sorted(found.items())
    ]


def counts(persons: QuerySet[Person]) -> dict[str, Any]:
    """Records and distinct persons, overall and by organisation, and the overlap pattern
    counts (how many persons each combination of registers holds)."""
    listed = registers(persons)
    by_org = Counter(org for entry in listed for org in entry["organisations"])
    patterns = Counter("+".join(entry["organisations"]) for entry in listed)
    return {
        "records": persons.count(),
        "distinct_persons": len(listed),
        "persons_by_organisation": dict(sorted(by_org.items())),
        "overlaps": dict(sorted(patterns.items())),
        "deduplicated": LinkageRun.objects.filter(status=c.RunStatus.DONE).exists(),
    }


def client_persons(role: str | None = None) -> QuerySet[Person]:
    """Persons in a given case role (victims, smuggled migrants, returnees: all clients)."""
    from tipsom.cases.choices import CLIENT_ROLES

    roles: Iterable[str] = [role] if role else CLIENT_ROLES
    return Person.objects.filter(case_roles__role__in=list(roles)).distinct()


def case_panel(user: Any, case: Any) -> tuple[str, dict[str, Any]] | None:
    """The case page's note of which persons in it other organisations also hold."""
    linked = []
    for role in case.roles.select_related("person"):
        identity = identity_of(user, role.person)
        if identity is None:
            continue
        organisations = sorted(
            {
                organisation_label(m.person.organisation)
                for m in identity.members.select_related("person__organisation")
            }
        )
        linked.append((role.get_role_display(), identity, organisations))
    return ("linkage/_case_panel.html", {"linked": linked}) if linked else None


def dashboard_card(user: Any) -> tuple[str, dict[str, Any]] | None:
    if access_for(user, "matchpair", "change").none:
        return None
    return "linkage/_dashboard_card.html", {"waiting": pairs(user).count()}


def member_of(user: Any, identity: Identity, member: Any = None, person: Any = None) -> Any:
    """The person of an identity named by ``member`` (its membership, as the identity page
    lists it) or by ``person`` (only a record the user may open); None if neither names one."""
    if str(member or "").isdigit():
        found = Person.objects.filter(identity_link__pk=int(member))
    elif str(person or "").isdigit():
        found = Person.objects.restrict(user).filter(pk=int(person))
    else:
        return None
    return found.filter(identity_link__identity=identity).first()


def visible_person_id(user: Any, person_id: int | None) -> int | None:
    """The id of a person the user may open; None for anyone else's."""
    if person_id and Person.objects.restrict(user).filter(pk=person_id).exists():
        return person_id
    return None


def is_undone(decision: Decision) -> bool:
    return Decision.objects.filter(undoes=decision).exists()


def decisions(user: Any) -> QuerySet[Decision]:
    return Decision.objects.restrict(user).select_related("actor")


def identity_exists(pk: Any) -> bool:
    return str(pk).isdigit() and Identity.objects.filter(pk=int(pk)).exists()
