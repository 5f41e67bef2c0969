"""Pages of case management: thin views over the cases' services and selectors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tipsom.cases import forms as f
from tipsom.cases import selectors, services, sharing
from tipsom.cases.models import Case
from tipsom.core.concurrency import StaleEdit
from tipsom.core.forms import attach_errors
from tipsom.core.querysets import access_for
from tipsom.core.selectors import can
from tipsom.core.views import Request


def _persons_of(case: Case) -> list[tuple[int, str]]:
    return [
        (r.person.pk, f"{r.person.display_name} ({r.get_role_display()})")
        for r in case.roles.select_related("person")
    ]


@login_required
def case_list(request: Request) -> HttpResponse:
    if access_for(request.user, "case", "view").none:
        raise PermissionDenied
    form = f.CaseSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(selectors.cases(request.user, filters), 25).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "query": request.GET.urlencode(),
        "can_add": not access_for(request.user, "case", "add").none,
    }
    template = "cases/_case_table.html" if request.htmx else "cases/case_list.html"
    return render(request, template, context)


@login_required
def case_register(request: Request) -> HttpResponse:
    organisations = selectors.intake_organisations(request.user)
    if not organisations.exists():
        raise PermissionDenied
    form = f.RegisterCaseForm(
        request.POST or None, organisations=organisations, initial={"citizenships": "PK"}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                case = services.register_case(
                    request.user,
                    data["organisation"],
                    form.person_data(),
                    data["case_type"],
                    data["role"],
                )
                person = case.roles.get().person
                for doc_type in ("cnic", "passport"):
                    if data[doc_type]:
                        services.add_document(request.user, person, doc_type, data[doc_type])
                if data["phone"]:
                    services.add_phone(request.user, person, data["phone"])
            messages.success(request, _("Case %(number)s opened.") % {"number": case.case_number})
            return redirect("cases:case_detail", pk=case.pk)
        except ValidationError as error:
            attach_errors(form, error)
    return render(request, "core/form.html", {"form": form, "title": _("Register a case")})


@login_required
def case_detail(request: Request, pk: int) -> HttpResponse:
    access = selectors.case_access(request.user, pk)
    case, shows = access.case, access.shows
    # Only what the user may see reaches the template: unshared sections are never queried.
    roles = list(case.roles.select_related("person")) if shows("identity") else []
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "access": access,
            "roles": roles,
            "consents": {r.person.pk: selectors.consent_summary(r.person) for r in roles}
            if shows("consent")
            else {},
            "timeline": selectors.timeline(case, access.sections),
            "screenings": case.screenings.all() if shows("screening") else [],
            "events": case.traffickingevents.all() if shows("route") else [],
            "plans": case.supportplans.all() if shows("support") else [],
            "services": case.services.select_related("provider") if shows("support") else [],
            "followups": case.followups.all() if shows("support") else [],
            "comments": case.casecomments.all() if shows("comments") else [],
            "can_change": access.full and bool(access.writable),  # full writers get every section
            "sections": sharing.SECTIONS,
            "panels": sharing.panels(request.user, case),
        },
    )


def _with_version(data: Any, version: int) -> Any:
    """The user's submitted data, now based on the current version (their typing is kept)."""
    data = data.copy()
    data["version"] = version
    return data


def _case_step(
    request: Request,
    pk: int,
    form: Any,
    title: str,
    write: Callable[[Case, dict], Any],
    success: str,
    section: str | None = None,
) -> HttpResponse:
    """The shape of every step form: load the case for change, validate, write, redirect."""
    case = _case(request, pk, section)
    if request.method == "POST" and form.is_valid():
        try:
            write(case, form.cleaned_data)
            messages.success(request, success)
            return redirect("cases:case_detail", pk=case.pk)
        except StaleEdit as stale:
            form.data = _with_version(form.data, stale.current_version)
            form.add_error(None, str(stale))
        except ValidationError as error:
            attach_errors(form, error)
    return render(request, "core/form.html", {"form": form, "title": title, "case": case})


def _case(request: Request, pk: int, section: str | None = None) -> Case:
    """The case to change; with ``section``, also for a receiver it was shared with."""
    if section is not None:
        return selectors.case_for_section(request.user, pk, section)
    return selectors.case_detail(request.user, pk, "change")


@login_required
def screening_add(request: Request, pk: int) -> HttpResponse:
    case = _case(request, pk)
    form = f.ScreeningForm(
        request.POST or None,
        persons=_persons_of(case),
        initial={"screened_on": timezone.localdate()},
    )

    def write(case: Case, data: dict) -> Any:
        person = case.persons.get(pk=data.pop("person"))
        return services.record_screening(request.user, case, person, data)

    return _case_step(request, pk, form, _("Screening"), write, _("Screening recorded."))


@login_required
def event_add(request: Request, pk: int) -> HttpResponse:
    form = f.EventForm(request.POST or None)
    return _case_step(
        request,
        pk,
        form,
        _("Trafficking event"),
        lambda case, d: services.add_event(request.user, case, d),
        _("Event recorded."),
    )


@login_required
def consent_add(request: Request, pk: int) -> HttpResponse:
    case = _case(request, pk)
    form = f.ConsentForm(
        request.POST or None,
        persons=_persons_of(case),
        initial={"decided_on": timezone.localdate()},
    )

    def write(case: Case, data: dict) -> Any:
        person = case.persons.get(pk=data["person"])
        return services.record_consent(
            request.user,
            person,
            data["purpose"],
            data["decision"],
            data["decided_on"],
            case,
            data["notes"],
        )

    return _case_step(request, pk, form, _("Consent"), write, _("Consent recorded."))


@login_required
def plan_add(request: Request, pk: int) -> HttpResponse:
    form = f.SupportPlanForm(request.POST or None)
    return _case_step(
        request,
        pk,
        form,
        _("Support plan"),
        lambda case, d: services.add_support_plan(request.user, case, d),
        _("Support plan added."),
    )


@login_required
def service_add(request: Request, pk: int) -> HttpResponse:
    case = _case(request, pk, "support")
    plans = [(p.pk, p.get_type_display()) for p in case.supportplans.all()]
    form = f.ServiceForm(request.POST or None, plans=plans)

    def write(case: Case, data: dict) -> Any:
        plan_id = data.pop("support_plan")
        data["support_plan"] = case.supportplans.get(pk=plan_id) if plan_id else None
        return services.add_service(request.user, case, data)

    return _case_step(
        request, pk, form, _("Service"), write, _("Service recorded."), section="support"
    )


@login_required
def followup_add(request: Request, pk: int) -> HttpResponse:
    form = f.FollowUpForm(request.POST or None, initial={"date": timezone.localdate()})
    return _case_step(
        request,
        pk,
        form,
        _("Follow-up"),
        lambda case, d: services.add_follow_up(request.user, case, d),
        _("Follow-up recorded."),
        section="support",
    )


@login_required
def comment_add(request: Request, pk: int) -> HttpResponse:
    form = f.CommentForm(request.POST or None)
    return _case_step(
        request,
        pk,
        form,
        _("Comment"),
        lambda case, d: services.add_comment(request.user, case, d["text"]),
        _("Comment added."),
    )


@login_required
def case_edit(request: Request, pk: int) -> HttpResponse:
    case = _case(request, pk)
    form = f.CaseEditForm(
        request.POST or None,
        initial={
            "version": case.version,
            "type": case.type,
            "status": case.status,
            "stage": case.stage,
        },
    )
    return _case_step(
        request,
        pk,
        form,
        _("Edit the case"),
        lambda case, d: services.update_case(
            request.user, case, {k: d[k] for k in ("type", "status", "stage")}, d["version"]
        ),
        _("Case saved."),
    )


@login_required
def case_close(request: Request, pk: int) -> HttpResponse:
    case = _case(request, pk)
    form = f.CloseForm(
        request.POST or None, initial={"version": case.version, "closed_on": timezone.localdate()}
    )
    return _case_step(
        request,
        pk,
        form,
        _("Close the case"),
        lambda case, d: services.close_case(
            request.user,
            case,
            d["closure_reason"],
            d["version"],
            referred=d["referred"],
            closed_on=d["closed_on"],
        ),
        _("Case closed."),
    )


# --- persons -------------------------------------------------------------------------------


@login_required
def person_detail(request: Request, pk: int) -> HttpResponse:
    person = selectors.person_detail(request.user, pk)
    return render(
        request,
        "cases/person_detail.html",
        {
            "person": person,
            "aliases": services.aliases_of(person),
            "roles": person.case_roles.select_related("case").filter(
                case__in=selectors.cases(request.user)
            ),
            "consents": selectors.consent_summary(person),
            "can_change": can(request.user, person, "change"),
        },
    )


def _person_initial(person: Any) -> dict[str, Any]:
    return {
        "version": person.version,
        "first_name": person.first_name,
        "father_name": person.father_name,
        "family_name": person.family_name,
        "aliases": "; ".join(services.aliases_of(person)),
        "sex": person.sex,
        "gender": person.gender,
        "birth_date": person.birth_date or None,
        "birth_year": person.birth_year,
        "age_is_estimated": person.age_is_estimated,
        "citizenships": ";".join(person.citizenships),
        "languages": ";".join(person.languages),
        "education": person.education,
        "marital_status": person.marital_status,
        "number_of_children": person.number_of_children,
    }


@login_required
def person_edit(request: Request, pk: int) -> HttpResponse:
    person = selectors.person_detail(request.user, pk, "change")
    form = f.PersonForm(request.POST or None, initial=_person_initial(person))
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_person(
                request.user, person, form.person_data(), form.cleaned_data["version"]
            )
            messages.success(request, _("Person saved."))
            return redirect("cases:person_detail", pk=person.pk)
        except StaleEdit as error:
            # Keep everything typed; show what the other edit changed; the next save applies
            # the user's values over the newer version on purpose.
            stale = error
            fresh = selectors.person_detail(request.user, pk, "change")
            form.data = _with_version(form.data, error.current_version)
            stale_values = {name: _person_initial(fresh).get(name) for name in error.changed_fields}
            form.add_error(None, str(error))
            return render(
                request,
                "cases/person_form.html",
                {"form": form, "person": person, "stale": stale, "stale_values": stale_values},
            )
        except ValidationError as error:
            attach_errors(form, error)
    return render(request, "cases/person_form.html", {"form": form, "person": person})


def _person_step(
    request: Request, pk: int, form: Any, title: str, write: Callable[[Any, dict], Any]
) -> HttpResponse:
    person = selectors.person_detail(request.user, pk, "change")
    if request.method == "POST" and form.is_valid():
        try:
            write(person, form.cleaned_data)
            messages.success(request, _("Saved."))
            return redirect("cases:person_detail", pk=person.pk)
        except ValidationError as error:
            attach_errors(form, error)
    return render(request, "core/form.html", {"form": form, "title": title})


@login_required
def document_add(request: Request, pk: int) -> HttpResponse:
    return _person_step(
        request,
        pk,
        f.DocumentForm(request.POST or None),
        _("Identity document"),
        lambda p, d: services.add_document(
            request.user, p, d["type"], d["number"], d["issuing_country"]
        ),
    )


@login_required
def phone_add(request: Request, pk: int) -> HttpResponse:
    return _person_step(
        request,
        pk,
        f.PhoneForm(request.POST or None),
        _("Phone"),
        lambda p, d: services.add_phone(request.user, p, d["number"], d["kind"]),
    )


@login_required
def address_add(request: Request, pk: int) -> HttpResponse:
    return _person_step(
        request,
        pk,
        f.AddressForm(request.POST or None),
        _("Address"),
        lambda p, d: services.add_address(request.user, p, d),
    )


@login_required
@require_POST
def case_reopen(request: Request, pk: int) -> HttpResponse:
    case = _case(request, pk)
    try:
        services.reopen_case(
            request.user, case, request.POST.get("reason", ""), int(request.POST.get("version", 0))
        )
        messages.success(request, _("Case reopened."))
    except StaleEdit as stale:
        messages.error(request, str(stale))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("cases:case_detail", pk=case.pk)
