"""Pages of the criminal-justice records: investigations (FIRs) and the watchlist hits."""

from __future__ import annotations

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
    form = f.FirForm(
        request.POST or None, agencies=agencies, offences=selectors.offences(request.user)
    )
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        chosen = d.pop("organisation")
        organisation = next(o for o in agencies if str(o.pk) == chosen)
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
        "can_add_suspect": selectors.can_add_suspect(request.user, fir),
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
