"""Pages of the referral mechanism: inbox, referral, new referral, directory, report."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tipsom.cases import selectors as case_selectors
from tipsom.cases import sharing
from tipsom.cases.choices import ConsentPurpose
from tipsom.core.concurrency import StaleEdit
from tipsom.core.forms import attach_errors
from tipsom.core.querysets import access_for, allows
from tipsom.core.selectors import can
from tipsom.core.views import Request
from tipsom.referrals import choices as c
from tipsom.referrals import forms as f
from tipsom.referrals import selectors, services


@login_required
def referral_list(request: Request) -> HttpResponse:
    if access_for(request.user, "referral", "view").none:
        raise PermissionDenied
    form = f.ReferralFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(selectors.referrals(request.user, filters), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "referrals/referral_list.html",
        {
            "form": form,
            "page": page,
            "overdue": selectors.referrals(
                request.user, {"direction": "incoming", "overdue": True}
            ).count(),
            "can_request": not access_for(request.user, "referral", "add").none,
        },
    )


def _actions(user: Any, referral: Any) -> dict[str, bool]:
    """Which buttons to show; the services decide again when one is pressed."""
    pending = referral.state == c.ReferralState.PENDING
    asker = referral.asked_by
    either = allows(user, "referral", "change", referral.sender) or allows(
        user, "referral", "change", referral.receiver
    )
    return {
        "accept": pending and allows(user, "referral", "change", referral.answered_by),
        "decline": pending and allows(user, "referral", "change", referral.answered_by),
        "revoke": referral.is_open and allows(user, "referral", "change", asker),
        "complete": referral.state == c.ReferralState.ACCEPTED
        and referral.kind == c.ReferralKind.REFERRAL
        and either,
    }


@login_required
def referral_detail(request: Request, pk: int) -> HttpResponse:
    referral = selectors.referral_detail(request.user, pk)
    share = sharing.shared(request.user, referral.case)
    return render(
        request,
        "referrals/referral_detail.html",
        {
            "referral": referral,
            "actions": _actions(request.user, referral),
            "is_overdue": selectors.is_overdue(referral),
            "sections": sharing.SECTIONS,
            "can_open_case": can(request.user, referral.case, "view") or bool(share.readable),
            "reason_form": f.ReasonForm(initial={"version": referral.version}),
            "outcome_form": f.OutcomeForm(initial={"version": referral.version}),
        },
    )


def _version(request: Request) -> int | None:
    try:
        return int(request.POST["version"])
    except (KeyError, ValueError):
        return None


@login_required
@require_POST
def referral_decide(request: Request, pk: int, decision: str) -> HttpResponse:
    referral = selectors.referral_detail(request.user, pk)
    text = request.POST.get("reason", "") or request.POST.get("outcome", "")
    version = _version(request)
    try:
        if decision == "accept":
            services.accept(request.user, referral, version)
            messages.success(request, _("Referral accepted."))
        elif decision == "decline":
            services.decline(request.user, referral, version, text)
            messages.success(request, _("Referral declined."))
        elif decision == "revoke":
            services.revoke(request.user, referral, version, text)
            messages.success(request, _("Referral revoked."))
        elif decision == "complete":
            services.complete(request.user, referral, version, text)
            messages.success(request, _("Referral completed."))
        else:
            raise Http404
    except StaleEdit as stale:
        messages.error(request, str(stale))
    except ValidationError as error:
        for problems in error.message_dict.values():
            for problem in problems:
                messages.error(request, problem)
    except PermissionDenied as denied:
        messages.error(request, str(denied))
    return redirect("referrals:referral_detail", pk=referral.pk)


@login_required
def referral_new(request: Request, case_pk: int) -> HttpResponse:
    case = case_selectors.case_detail(request.user, case_pk, "change")
    form = f.ReferralForm(request.POST or None, exclude=case.organisation)
    missing = case_selectors.clients_without_consent(case, ConsentPurpose.REFERRAL)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            referral = services.refer(
                request.user,
                case,
                d["kind"],
                d["receiver"],
                service=d["service"],
                sections=d["sections"],
                reason=d["reason"],
                details=d["details"],
                override_justification=d["override_justification"],
            )
            messages.success(request, _("Referral sent."))
            return redirect("referrals:referral_detail", pk=referral.pk)
        except ValidationError as error:
            attach_errors(form, error)
        except PermissionDenied as denied:
            form.add_error(None, str(denied))
    return render(
        request,
        "referrals/referral_form.html",
        {
            "form": form,
            "case": case,
            "missing_consent": missing,
            "can_override": allows(request.user, "consentoverride", "add", case.organisation),
            "title": _("Refer case %(number)s") % {"number": case.case_number},
        },
    )


@login_required
def transfer_request(request: Request) -> HttpResponse:
    organisations = selectors.own_organisations(request.user, "referral", "add")
    if not organisations.exists():
        raise PermissionDenied
    form = f.TransferRequestForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            referral = services.request_transfer(
                request.user, d["case_number"], d["requester"], d["reason"]
            )
            messages.success(request, _("Request sent to the organisation that holds the case."))
            return redirect("referrals:referral_detail", pk=referral.pk)
        except ValidationError as error:
            attach_errors(form, error)
    return render(request, "core/form.html", {"form": form, "title": _("Ask to take over a case")})


@login_required
def directory(request: Request) -> HttpResponse:
    form = f.DirectoryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    offers = selectors.service_offers(request.user, filters)
    return render(
        request,
        "referrals/directory.html",
        {
            "form": form,
            "offers": offers,
            "can_add": not access_for(request.user, "serviceoffer", "add").none,
            "editable": set(
                selectors.offer_organisations(request.user, "change").values_list("pk", flat=True)
            ),
        },
    )


@login_required
def offer_new(request: Request) -> HttpResponse:
    organisations = selectors.offer_organisations(request.user)
    if not organisations.exists():
        raise PermissionDenied
    form = f.OfferForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_offer(request.user, form.cleaned_data["organisation"], form.offer_data())
            messages.success(request, _("Service listed in the directory."))
            return redirect("referrals:directory")
        except ValidationError as error:
            attach_errors(form, error)
    return render(request, "core/form.html", {"form": form, "title": _("List a service")})


@login_required
def offer_edit(request: Request, pk: int) -> HttpResponse:
    offer = selectors.offer_detail(request.user, pk)
    if not allows(request.user, "serviceoffer", "change", offer.organisation):
        raise Http404  # others' entries are read-only; existence is public anyway
    initial = {
        "organisation": offer.organisation,
        "service": offer.service,
        "provinces": ";".join(offer.provinces),
        "districts": ";".join(offer.districts),
        "target_groups": offer.target_groups,
        "capacity": offer.capacity,
        "notes": offer.notes,
        "is_active": offer.is_active,
    }
    form = f.OfferForm(
        request.POST or None,
        initial=initial,
        organisations=selectors.offer_organisations(request.user),
        fixed=True,
    )
    if request.method == "POST" and form.is_valid():
        data = form.offer_data()
        data.pop("service", None)
        try:
            services.update_offer(request.user, offer, data)
            messages.success(request, _("Directory entry saved."))
            return redirect("referrals:directory")
        except ValidationError as error:
            attach_errors(form, error)
    title = _("Change %(service)s of %(organisation)s") % {
        "service": offer.get_service_display(),
        "organisation": offer.organisation,
    }
    return render(request, "core/form.html", {"form": form, "title": title})


@login_required
def report(request: Request) -> HttpResponse:
    if access_for(request.user, "referralreport", "view").none:
        raise PermissionDenied
    form = f.ReportFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    pathways = selectors.pathways(request.user, filters)
    return render(
        request,
        "referrals/report.html",
        {
            "form": form,
            "report": selectors.report(request.user, filters),
            "page": Paginator(pathways, 50).get_page(request.GET.get("page")),
            "states": c.ReferralState.choices,
        },
    )
