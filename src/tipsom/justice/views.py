"""Pages of the criminal-justice records: investigations (FIRs) and the watchlist hits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tipsom.core.concurrency import StaleEdit
from tipsom.core.forms import attach_errors
from tipsom.core.querysets import access_for
from tipsom.core.views import Request
from tipsom.justice import forms as f
from tipsom.justice import selectors, services


def _tell(request: Request, error: Exception) -> None:
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            for problem in problems:
                messages.error(request, f"{field}: {problem}")
    else:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))


@login_required
def fir_list(request: Request) -> HttpResponse:
    if access_for(request.user, "fir", "view").none:
        raise PermissionDenied
    return render(
        request,
        "justice/fir_list.html",
        {
            "firs": selectors.firs(request.user)[:100],
            "can_register": bool(selectors.agencies(request.user)),
        },
    )


@login_required
def fir_new(request: Request) -> HttpResponse:
    agencies = selectors.agencies(request.user)
    if not agencies:
        raise PermissionDenied
    officers = selectors.investigators(agencies)
    form = f.FirForm(
        request.POST or None,
        agencies=agencies,
        offences=selectors.offences(request.user),
        officers=officers,
    )
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        chosen = d.pop("organisation")
        organisation = next(o for o in agencies if str(o.pk) == chosen)
        officer = d.pop("investigating_officer")
        d["investigating_officer"] = next((u for u in officers if str(u.pk) == officer), None)
        try:
            fir = services.register_fir(request.user, organisation, d)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("FIR registered."))
            return redirect("justice:fir_detail", fir.pk)
    return render(
        request,
        "core/form.html",
        {"form": form, "title": _("Register an FIR"), "submit_id": "register-fir"},
    )


def _detail_context(request: Request, fir: Any, **forms: Any) -> dict[str, Any]:
    offences = selectors.offences(request.user)
    return {
        "fir": fir,
        "suspects": selectors.suspects_of(fir),
        "hits": selectors.hits_on(request.user, fir),
        "suspect_form": forms.get("suspect_form") or f.SuspectForm(),
        "charge_form": forms.get("charge_form") or f.ChargeForm(offences=offences),
        "verdict_form": f.VerdictForm(),
        "can_change": selectors.can_change(request.user, fir),
        "can_prosecute": selectors.can_prosecute(request.user, fir),
        "can_add_suspect": selectors.can_add_suspect(request.user, fir),
        "shares": selectors.shares_of(fir),
        "hearings": selectors.hearings_of(fir),
        "seizures": selectors.seizures_of(fir),
        "cases": selectors.linked_cases(request.user, fir),
        "victims": selectors.victims_for(request.user, fir),
        "status_form": f.StatusForm(initial={"status": fir.status, "version": fir.version}),
        "seizure_form": f.SeizureForm(),
        "hearing_form": f.HearingForm(),
        "appeal_form": f.AppealForm(),
        "share_form": f.ShareForm(
            organisations=selectors.organisations_to_share(request.user, fir)
        ),
        "case_form": f.CaseLinkForm(cases=selectors.linkable_cases(request.user, fir)[:200]),
    }


@login_required
def fir_detail(request: Request, pk: int) -> HttpResponse:
    fir = selectors.fir_detail(request.user, pk)
    return render(request, "justice/fir_detail.html", _detail_context(request, fir))


@login_required
@require_POST
def suspect_add(request: Request, pk: int) -> HttpResponse:
    fir = selectors.fir_detail(request.user, pk)
    form = f.SuspectForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.add_suspect(
                request.user,
                fir,
                person_data={k: d[k] for k in ("first_name", "family_name", "father_name")},
                roles=d["roles"],
                aliases=[a for a in d["aliases"].split(",") if a.strip()],
                network=d["network"],
            )
        except ValidationError as error:  # a refusal of the right itself is a 403
            attach_errors(form, error)
        else:
            messages.success(request, _("Suspect added."))
            return redirect("justice:fir_detail", fir.pk)
    context = _detail_context(request, fir, suspect_form=form)
    return render(request, "justice/fir_detail.html", context, status=400)


@login_required
@require_POST
def charge_add(request: Request, pk: int) -> HttpResponse:
    fir = selectors.fir_detail(request.user, pk)
    form = f.ChargeForm(request.POST, offences=selectors.offences(request.user))
    suspect = selectors.suspect_of(fir, request.POST.get("suspect") or 0)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.charge(request.user, suspect, d["offence"], d["court"], d["filed_on"])
        except (ValidationError, PermissionDenied) as error:
            _tell(request, error)
        else:
            messages.success(request, _("Charge recorded."))
    else:
        for field, problems in form.errors.items():
            messages.error(request, f"{field}: {' '.join(str(p) for p in problems)}")
    return redirect("justice:fir_detail", fir.pk)


@login_required
@require_POST
def verdict(request: Request, pk: int, charge: int) -> HttpResponse:
    fir = selectors.fir_detail(request.user, pk)
    found = selectors.charge_of(fir, charge)
    form = f.VerdictForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            decided = services.record_verdict(
                request.user,
                found,
                d["outcome"],
                d["decided_on"],
                d["imprisonment_months"],
                d["fine_pkr"],
                version=d["version"],
            )
        except (ValidationError, PermissionDenied, StaleEdit) as error:
            _tell(request, error)
        else:
            messages.success(request, _("Verdict recorded."))
            for warning in decided.sentence_warnings:
                messages.warning(request, warning)
    else:
        for field, problems in form.errors.items():
            messages.error(request, f"{field}: {' '.join(str(p) for p in problems)}")
    return redirect("justice:fir_detail", fir.pk)


@login_required
def hit_list(request: Request) -> HttpResponse:
    if access_for(request.user, "watchlisthit", "view").none:
        raise PermissionDenied
    return render(
        request, "justice/hit_list.html", {"hits": selectors.hits(request.user, "open")[:100]}
    )


@login_required
@require_POST
def hit_decide(request: Request, pk: int) -> HttpResponse:
    hit = selectors.hit_detail(request.user, pk)
    try:
        services.decide_hit(request.user, hit, request.POST.get("status", ""))
    except (ValidationError, PermissionDenied) as error:
        _tell(request, error)
    else:
        messages.success(request, _("Hit decided."))
    return redirect("justice:hit_list")


def _act(
    request: Request,
    pk: int,
    form_class: Any,
    do: Callable[[Any, dict[str, Any]], Any],
    done: str,
    **form_kwargs: Any,
) -> HttpResponse:
    """One POSTed act on an FIR's file: check the form, call the service, say what happened
    (or each field's problem), back to the file."""
    fir = selectors.fir_detail(request.user, pk)
    form = form_class(request.POST, **form_kwargs)
    if form.is_valid():
        try:
            do(fir, dict(form.cleaned_data))
        except (ValidationError, PermissionDenied, StaleEdit) as error:
            _tell(request, error)
        else:
            messages.success(request, done)
    else:
        for field, problems in form.errors.items():
            messages.error(request, f"{field}: {' '.join(str(p) for p in problems)}")
    return redirect("justice:fir_detail", fir.pk)


@login_required
@require_POST
def status(request: Request, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        f.StatusForm,
        lambda fir, d: services.set_fir_status(request.user, fir, d["status"], d["version"]),
        _("Status changed."),
    )


@login_required
@require_POST
def seizure_add(request: Request, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        f.SeizureForm,
        lambda fir, d: services.add_seizure(
            request.user, fir, d["seized_on"], d["description"], d["value_pkr"]
        ),
        _("Seizure recorded."),
    )


@login_required
@require_POST
def hearing_add(request: Request, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        f.HearingForm,
        lambda fir, d: services.add_hearing(request.user, fir, d),
        _("Hearing recorded."),
    )


@login_required
@require_POST
def appeal(request: Request, pk: int, charge: int) -> HttpResponse:
    def do(fir: Any, d: dict[str, Any]) -> Any:
        found = selectors.charge_of(fir, charge)
        return services.record_appeal(
            request.user, found, d["filed_on"], d["court"], d["outcome"], version=d["version"]
        )

    return _act(request, pk, f.AppealForm, do, _("Appeal recorded."))


@login_required
@require_POST
def share(request: Request, pk: int) -> HttpResponse:
    fir = selectors.fir_detail(request.user, pk)
    organisations = selectors.organisations_to_share(request.user, fir)

    def do(fir: Any, d: dict[str, Any]) -> Any:
        chosen = next(o for o in organisations if str(o.pk) == d["organisation"])
        return services.share_fir(request.user, fir, chosen, d["access"], d["reason"])

    return _act(request, pk, f.ShareForm, do, _("File shared."), organisations=organisations)


@login_required
@require_POST
def share_end(request: Request, pk: int, share: int) -> HttpResponse:
    fir = selectors.fir_detail(request.user, pk)
    try:
        services.end_share(request.user, selectors.share_of(fir, share))
    except PermissionDenied as error:
        _tell(request, error)
    else:
        messages.success(request, _("Sharing ended."))
    return redirect("justice:fir_detail", fir.pk)


@login_required
@require_POST
def case_link(request: Request, pk: int) -> HttpResponse:
    fir = selectors.fir_detail(request.user, pk)
    cases = selectors.linkable_cases(request.user, fir)

    def do(fir: Any, d: dict[str, Any]) -> Any:
        return services.link_case(request.user, fir, selectors.case_for(request.user, d["case"]))

    return _act(request, pk, f.CaseLinkForm, do, _("Case linked."), cases=cases)


@login_required
@require_POST
def victim_link(request: Request, pk: int, suspect: int) -> HttpResponse:
    fir = selectors.fir_detail(request.user, pk)
    found = selectors.suspect_of(fir, suspect)
    try:
        person = selectors.person_for(request.user, request.POST.get("person") or 0)
        services.link_victim(request.user, found, person)
    except (ValidationError, PermissionDenied) as error:
        _tell(request, error)
    else:
        messages.success(request, _("Victim connected with the suspect."))
    return redirect("justice:fir_detail", fir.pk)


@login_required
def watchlist(request: Request) -> HttpResponse:
    """The wanted-persons list, and (for an agency's investigators) a form to add to it."""
    if access_for(request.user, "watchlist", "view").none:
        raise PermissionDenied
    agencies = selectors.watchlist_agencies(request.user)
    form = f.WatchlistForm(request.POST or None, agencies=agencies)
    if request.method == "POST":
        if not agencies:
            raise PermissionDenied
        if form.is_valid():
            d = dict(form.cleaned_data)
            chosen = d.pop("organisation")
            organisation = next(o for o in agencies if str(o.pk) == chosen)
            d["aliases"] = [a for a in d["aliases"].split(",") if a.strip()]
            try:
                services.add_to_watchlist(request.user, organisation, d)
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, _("Added to the watchlist."))
                return redirect("justice:watchlist")
    return render(
        request,
        "justice/watchlist.html",
        {"entries": selectors.watchlist(request.user)[:200], "form": form, "can_add": agencies},
        status=400 if request.method == "POST" else 200,
    )
