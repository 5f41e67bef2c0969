"""Every read of the criminal-justice records, through `restrict`."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from tipsom.cases.models import Case
from tipsom.core.querysets import access_for
from tipsom.core.selectors import can, get_restricted
from tipsom.justice.models import Fir, Offence


def offences(user: Any) -> QuerySet[Offence]:
    return Offence.objects.restrict(user).filter(is_active=True)


def firs(user: Any) -> QuerySet[Fir]:
    return (
        Fir.objects.restrict(user)
        .select_related("organisation")
        .prefetch_related("offences")
        .order_by("-registered_on", "-pk")
    )


def fir_detail(user: Any, pk: Any) -> Fir:
    return get_restricted(Fir.objects.select_related("organisation"), user, pk)


def proceedings(user: Any, case: Case) -> list[dict[str, Any]] | None:
    """That a case the user sees has criminal proceedings, and how far they have come: the
    agency, the FIR's status and date. Not the file (no suspects, no offences' details).
    None when the user may not know, or there are none."""
    if access_for(user, "proceedings", "view").none or not can(user, case, "view"):
        return None
    found = [
        {
            "agency": fir.organisation.label,
            "status": fir.get_status_display(),
            "registered_on": fir.registered_on,
        }
        for fir in Fir.objects.filter(cases=case).select_related("organisation")
    ]
    return found or None


# --- the statistics feed ------------------------------------------------------------------

STAGES = ("suspected", "prosecuted", "convicted")
LAW_GROUP = {"ptpa_2018": "trafficking", "psma_2018": "smuggling"}


def _scope(user: Any) -> QuerySet[Fir] | None:
    """FIRs the user's ``justicestatistics`` grant covers (None: none)."""
    access = access_for(user, "justicestatistics", "view")
    if access.network:
        return Fir.objects.all()
    if access.organisation_ids:
        return Fir.objects.filter(organisation__in=access.organisation_ids)
    return None


def _age_group(birth_year: int | None, year: int) -> str:
    if birth_year is None:
        return "unknown"
    return "child" if year - birth_year < 18 else "adult"


def _citizenship(citizenships: list[str]) -> str:
    if not citizenships:
        return "unknown"
    return "national" if "PK" in citizenships else "foreign"


def statistics(user: Any) -> list[dict[str, Any]] | None:
    """Persons suspected, prosecuted and convicted, per year, by sex, age group (at the
    year), citizenship and offence group: the shape of UNODC's questionnaire. A person
    counts once per cell (several FIRs or charges in one year are one person); suspected by
    the FIR's year, prosecuted in each year they were charged for that offence group,
    convicted in the year of the decision. Citizenship: national (Pakistani), foreign, or
    unknown. Each cell gives ``persons`` (person records, as each agency registered them)
    and ``distinct_persons`` (deduplicated through record linkage: one person registered by
    two agencies counts once). None if the user may not see these figures."""
    from tipsom.cases.models import Person
    from tipsom.justice.models import Charge, Suspect
    from tipsom.linkage.selectors import identity_keys

    firs_seen = _scope(user)
    if firs_seen is None:
        return None
    cells: dict[tuple[Any, ...], set[int]] = {}

    def count(stage: str, year: int, person: Any, group: str) -> None:
        key = (
            year,
            stage,
            person.sex or "unknown",
            _age_group(person.birth_year, year),
            _citizenship(person.citizenships),
            group,
        )
        cells.setdefault(key, set()).add(person.pk)

    suspects = Suspect.objects.filter(fir__in=firs_seen).select_related("person", "fir")
    for suspect in suspects.prefetch_related("fir__offences"):
        groups = {LAW_GROUP.get(o.law, "other") for o in suspect.fir.offences.all()}
        for group in groups:
            count("suspected", suspect.fir.registered_on.year, suspect.person, group)
    charges = Charge.objects.filter(suspect__fir__in=firs_seen).select_related(
        "suspect__person", "offence"
    )
    for charge in charges:
        group = LAW_GROUP.get(charge.offence.law, "other")
        count("prosecuted", charge.filed_on.year, charge.suspect.person, group)
        if charge.outcome == "convicted" and charge.decided_on:
            count("convicted", charge.decided_on.year, charge.suspect.person, group)
    persons = set().union(*cells.values()) if cells else set()
    key_of = dict(
        identity_keys(Person.objects.filter(pk__in=persons)).values_list("pk", "person_key")
    )
    return [
        {
            "year": year,
            "stage": stage,
            "sex": sex,
            "age_group": age,
            "citizenship": citizenship,
            "offence": group,
            "persons": len(found),
            "distinct_persons": len({key_of[pk] for pk in found}),
        }
        for (year, stage, sex, age, citizenship, group), found in sorted(
            cells.items(), key=lambda item: (item[0][0], STAGES.index(item[0][1]), *item[0][2:])
        )
    ]


def watchlist(user: Any) -> QuerySet[Any]:
    from tipsom.justice.models import WatchlistEntry

    return WatchlistEntry.objects.restrict(user).filter(is_active=True).order_by("-pk")


def hits(user: Any, status: str = "open") -> QuerySet[Any]:
    from tipsom.justice.models import WatchlistHit

    found = WatchlistHit.objects.restrict(user).select_related("entry").order_by("-points", "-pk")
    return found.filter(status=status) if status else found


def person_for(user: Any, pk: Any) -> Any:
    from tipsom.cases.models import Person

    return get_restricted(Person.objects.all(), user, pk)


def suspect_of(fir: Fir, pk: Any) -> Any:
    from django.http import Http404

    found = fir.suspects.filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise Http404
    return found


def charge_of(fir: Fir, pk: Any) -> Any:
    from django.http import Http404

    from tipsom.justice.models import Charge

    found = (
        Charge.objects.filter(suspect__fir=fir, pk=pk).select_related("offence").first()
        if str(pk).isdigit()
        else None
    )
    if found is None:
        raise Http404
    return found


def _organisations_for(user: Any, resource: str, action: str) -> list[Any]:
    from tipsom.core.models import Organisation

    access = access_for(user, resource, action)
    if access.network:
        return list(Organisation.objects.order_by("name"))
    return list(Organisation.objects.filter(pk__in=access.organisation_ids).order_by("name"))


def agencies(user: Any) -> list[Any]:
    """Organisations where the user may register FIRs."""
    return _organisations_for(user, "fir", "add")


def investigators(agencies: list[Any]) -> list[Any]:
    """Users who may lead an investigation in one of these agencies (its investigators)."""
    from django.contrib.auth import get_user_model

    from tipsom.core.choices import Role

    return list(
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__organisation__in=agencies,
            memberships__role=Role.INVESTIGATOR,
        )
        .distinct()
        .order_by("username")
    )


def watchlist_agencies(user: Any) -> list[Any]:
    """Organisations whose watchlist the user may add to."""
    return _organisations_for(user, "watchlist", "add")


def suspects_of(fir: Fir) -> Any:
    return fir.suspects.select_related("person").prefetch_related("charges__offence", "victims")


def hits_on(user: Any, fir: Fir) -> Any:
    """Open watchlist hits on this FIR's suspects that the user may see."""
    return hits(user, "open").filter(person__suspicions__fir=fir)


def hit_detail(user: Any, pk: Any) -> Any:
    from tipsom.justice.models import WatchlistHit

    return get_restricted(WatchlistHit.objects.select_related("entry"), user, pk)


def can_change(user: Any, fir: Fir) -> bool:
    """May steer the investigation: the registering agency's investigators."""
    from tipsom.justice.services import steers

    return can(user, fir, "change") and steers(user, fir)


def can_prosecute(user: Any, fir: Fir) -> bool:
    """May record the court's side: the registering agency, or one it shared the file with
    for prosecution."""
    from tipsom.justice.services import may_prosecute

    return can(user, fir, "change") and may_prosecute(user, fir)


def shares_of(fir: Fir) -> Any:
    return fir.shares.select_related("organisation").order_by("shared_at")


def share_of(fir: Fir, pk: Any) -> Any:
    from django.http import Http404

    found = (
        fir.shares.filter(pk=pk).select_related("organisation").first()
        if str(pk).isdigit()
        else None
    )
    if found is None:
        raise Http404
    return found


def hearings_of(fir: Fir) -> Any:
    return fir.hearings.all()


def seizures_of(fir: Fir) -> Any:
    return fir.seizures.order_by("seized_on", "pk")


def linked_cases(user: Any, fir: Fir) -> list[dict[str, Any]]:
    """The cases linked to the FIR: their number where the user may open the case, else only
    the organisation that holds it (an investigator does not read an NGO's case file)."""
    from tipsom.cases.models import Case

    seen = set(Case.objects.restrict(user).filter(firs=fir).values_list("pk", flat=True))
    return [
        {
            "pk": case.pk,
            "number": case.case_number if case.pk in seen else "",
            "organisation": case.organisation.label,
            "visible": case.pk in seen,
        }
        for case in fir.cases.select_related("organisation").order_by("pk")
    ]


def linkable_cases(user: Any, fir: Fir) -> QuerySet[Case]:
    """Cases the user may see that are not linked to the FIR yet."""
    return Case.objects.restrict(user).exclude(firs=fir).order_by("-opened_on", "-pk")


def case_for(user: Any, pk: Any) -> Case:
    return get_restricted(Case.objects.all(), user, pk)


def victims_for(user: Any, fir: Fir) -> QuerySet[Any]:
    """Clients of the FIR's linked cases whom the user may see: those a suspect can be
    connected with."""
    from tipsom.cases.models import Person
    from tipsom.justice.services import victims_of

    return Person.objects.restrict(user).filter(pk__in=victims_of(fir).values("pk"))


def organisations_to_share(user: Any, fir: Fir) -> list[Any]:
    from tipsom.core.models import Organisation

    return list(Organisation.objects.exclude(pk=fir.organisation_id).order_by("name"))


def can_add_suspect(user: Any, fir: Fir) -> bool:
    """Adding a suspect records a person: the FIR's change right and the person's add right."""
    from tipsom.core.querysets import allows

    return can(user, fir, "change") and allows(user, "person", "add", fir.organisation)
