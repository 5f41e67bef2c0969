"""Pages of record linkage: the review queue, a pair, an identity, the runs."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tipsom.core.querysets import access_for
from tipsom.core.selectors import get_restricted
from tipsom.core.views import Request
from tipsom.linkage import choices as c
from tipsom.linkage import selectors, services
from tipsom.linkage.models import Decision, Identity, MatchPair


def _problem(request: Request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


@login_required
def pair_list(request: Request) -> HttpResponse:
    reviews = not access_for(request.user, "matchpair", "view").none
    if not reviews and access_for(request.user, "linkagerun", "view").none:
        raise PermissionDenied
    status = request.GET.get("status") or c.PairStatus.PENDING
    if status not in c.PairStatus.values:
        status = c.PairStatus.PENDING
    page = Paginator(selectors.pairs(request.user, status), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "linkage/pair_list.html",
        {
            "page": page,
            "reviews": reviews,
            "status": status,
            "statuses": c.PairStatus.choices,
            "runs": selectors.runs(request.user)[:5],
            "can_run": not access_for(request.user, "linkagerun", "add").none,
            "kinds": c.RunKind.choices,
        },
    )


@login_required
def pair_detail(request: Request, pk: int) -> HttpResponse:
    return render(request, "linkage/pair_detail.html", selectors.pair_detail(request.user, pk))


@login_required
@require_POST
def pair_decide(request: Request, pk: int, decision: str) -> HttpResponse:
    pair = get_restricted(MatchPair.objects.all(), request.user, pk)
    action = {"confirm": services.confirm, "reject": services.reject}.get(decision)
    if action is None:
        raise PermissionDenied
    try:
        made = action(request.user, pair, request.POST.get("note", ""))
    except ValidationError as error:
        _problem(request, error)
        return redirect("linkage:pair_detail", pk)
    messages.success(request, _("Decision recorded."))
    identity = selectors.identity_of(request.user, pair.left) or selectors.identity_of(
        request.user, pair.right
    )
    if made.kind == c.DecisionKind.CONFIRM and identity is not None:
        return redirect("linkage:identity_detail", identity.pk)
    return redirect("linkage:pair_list")


@login_required
def identity_detail(request: Request, pk: int) -> HttpResponse:
    return render(
        request, "linkage/identity_detail.html", selectors.identity_detail(request.user, pk)
    )


@login_required
@require_POST
def identity_detach(request: Request, pk: int) -> HttpResponse:
    identity = get_restricted(Identity.objects.all(), request.user, pk, "change")
    person = selectors.member_of(request.user, identity, member=request.POST.get("member"))
    if person is None:
        messages.error(request, _("That person is not in this identity."))
        return redirect("linkage:identity_detail", pk)
    try:
        services.detach(request.user, person, request.POST.get("note", ""))
    except ValidationError as error:
        _problem(request, error)
        return redirect("linkage:identity_detail", pk)
    messages.success(request, _("The person was taken out of this identity."))
    return redirect("linkage:identity_detail", pk)


@login_required
@require_POST
def decision_undo(request: Request, pk: int) -> HttpResponse:
    decision = get_restricted(Decision.objects.all(), request.user, pk, "change")
    try:
        services.undo(request.user, decision, request.POST.get("note", ""))
    except ValidationError as error:
        _problem(request, error)
    else:
        messages.success(request, _("The decision was undone."))
    back = request.POST.get("identity")
    if back and selectors.identity_exists(back):
        return redirect("linkage:identity_detail", int(back))
    return redirect("linkage:pair_list")


@login_required
@require_POST
def run_start(request: Request) -> HttpResponse:
    try:
        run = services.start_run(request.user, request.POST.get("kind", c.RunKind.FULL))
    except ValidationError as error:
        _problem(request, error)
        return redirect("linkage:pair_list")
    messages.success(request, _("Linkage run #%(run)s started.") % {"run": run.pk})
    return redirect("core:job_detail", run.job_id)
