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
    unknown. None if the user may not see these figures."""
    from tipsom.justice.models import Charge, Suspect

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
    return [
        {
            "year": year,
            "stage": stage,
            "sex": sex,
            "age_group": age,
            "citizenship": citizenship,
            "offence": group,
            "persons": len(persons),
        }
        for (year, stage, sex, age, citizenship, group), persons in sorted(
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


def agencies(user: Any) -> list[Any]:
    """Organisations where the user may register FIRs."""
    from tipsom.core.models import Organisation

    access = access_for(user, "fir", "add")
    if access.network:
        return list(Organisation.objects.order_by("name"))
    return list(Organisation.objects.filter(pk__in=access.organisation_ids).order_by("name"))


def suspects_of(fir: Fir) -> Any:
    return fir.suspects.select_related("person").prefetch_related("charges__offence")


def hits_on(user: Any, fir: Fir) -> Any:
    """Open watchlist hits on this FIR's suspects that the user may see."""
    return hits(user, "open").filter(person__suspicions__fir=fir)


def hit_detail(user: Any, pk: Any) -> Any:
    from tipsom.justice.models import WatchlistHit

    return get_restricted(WatchlistHit.objects.select_related("entry"), user, pk)


def can_change(user: Any, fir: Fir) -> bool:
    return can(user, fir, "change")


def can_add_suspect(user: Any, fir: Fir) -> bool:
    """Adding a suspect records a person: the FIR's change right and the person's add right."""
    from tipsom.core.querysets import allows

    return can(user, fir, "change") and allows(user, "person", "add", fir.organisation)
