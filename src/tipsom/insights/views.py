"""The statistics dashboard (filters, charts, tables, the population estimate) and its
downloads: XLSX, CSV and PDF of the same figures."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tipsom.core.forms import attach_errors
from tipsom.core.views import Request
from tipsom.engine.indicators import Filters
from tipsom.insights import forms, releases, reports, selectors, services


def _filters(request: Request) -> tuple[Filters, dict[str, str]]:
    try:
        return selectors.filters_from(request.GET), {}
    except ValidationError as error:
        return Filters(), {k: " ".join(v) for k, v in error.message_dict.items()}


@login_required
def dashboard(request: Request) -> HttpResponse:
    selectors.require_view(request.user)
    filters, problems = _filters(request)
    for field, problem in problems.items():
        messages.error(request, f"{field}: {problem}")
    try:
        found = selectors.figures(request.user, filters)
    except ValidationError as error:  # an organisation the extract does not hold
        for field, said in error.message_dict.items():
            messages.error(request, f"{field}: {' '.join(said)}")
            problems[field] = " ".join(said)
        filters = Filters()
        found = selectors.figures(request.user, filters)
    context: dict[str, Any] = {
        "figures": found,
        "filters": filters,
        "provinces": selectors.PROVINCES,
        "organisations": selectors.organisations(found.extract) if found else [],
        "may_take": selectors.may_take(request.user),
        "query": request.GET.urlencode(),
    }
    if found is not None:
        context["charts"] = [{**c, **reports.bar_layout(c["bars"])} for c in reports.charts(found)]
        context["tables"] = [
            {
                "table": table,
                "headers": [reports.header(c) for c in table.columns],
                "rows": reports.shown_rows(table),
            }
            for table in found.report.tables
        ]
    return render(request, "insights/dashboard.html", context, status=400 if problems else 200)


FORMATS = {
    "xlsx": (
        reports.xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
    ),
    "csv": (reports.csv_zip, "application/zip", "zip"),
    "pdf": (reports.pdf, "application/pdf", "pdf"),
}


@login_required
def download(request: Request, kind: str) -> HttpResponse:
    selectors.require_view(request.user)
    if kind not in FORMATS:
        raise Http404(f"no download as {kind}; there are {', '.join(FORMATS)}")
    try:
        found = selectors.figures(request.user, selectors.filters_from(request.GET))
    except ValidationError as error:
        return HttpResponse(
            "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items()),
            status=400,
            content_type="text/plain",
        )
    if found is None:
        return HttpResponse(
            _("No statistics extract has been taken yet."), status=404, content_type="text/plain"
        )
    make, content_type, suffix = FORMATS[kind]
    body = make(found)
    selectors.record_download(request.user, found, kind)
    answer = HttpResponse(body, content_type=content_type)
    answer["Content-Disposition"] = (
        f'attachment; filename="tipsom-statistics-{found.extract.pk}.{suffix}"'
    )
    return answer


@login_required
@require_POST
def take(request: Request) -> HttpResponse:
    try:
        job = services.queue_extract(request.user)  # a refusal of the right itself is a 403
    except ValidationError as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("A new extract is being taken (job %(id)s).") % {"id": job.pk})
    return redirect("insights:dashboard")


# --- releases -------------------------------------------------------------------------------


@login_required
def release_list(request: Request) -> HttpResponse:
    if not selectors.may_view_releases(request.user):
        raise PermissionDenied
    form = forms.ReleaseForm(request.POST or None)
    if request.method == "POST":
        if not selectors.may_prepare(request.user):
            raise PermissionDenied
        if form.is_valid():
            try:
                made = releases.prepare_release(request.user, form.cleaned_data)
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, _("Release prepared; it waits for a second person."))
                return redirect("insights:release_detail", made.pk)
    return render(
        request,
        "insights/release_list.html",
        {
            "releases": selectors.releases(request.user)[:100],
            "form": form,
            "may_prepare": selectors.may_prepare(request.user),
            "budgets": selectors.budgets(),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def release_detail(request: Request, pk: int) -> HttpResponse:
    from tipsom.insights import public

    release = selectors.release_for(request.user, pk)
    tables = [
        {"table": t, "rows": public.shown(release, t), "chart": public.chart(t)}
        for t in release.tables
    ]
    return render(
        request,
        "insights/release_detail.html",
        {
            "release": release,
            "tables": tables,
            "may_decide": selectors.may_decide(request.user, release),
            "spends": release.spends.select_related("budget"),
        },
    )


@login_required
@require_POST
def release_decide(request: Request, pk: int) -> HttpResponse:
    release = selectors.release_for(request.user, pk)
    decision, note = request.POST.get("decision", ""), request.POST.get("note", "")
    try:  # a refusal of the right itself is a 403
        if decision == "approve":
            releases.approve_release(request.user, release, note)
            messages.success(request, _("Release approved: it is public now."))
        elif decision == "reject":
            releases.reject_release(request.user, release, note)
            messages.success(request, _("Release rejected."))
        else:
            messages.error(request, _("decision: choose approve or reject"))
    except ValidationError as error:
        for field, problems in error.message_dict.items():
            for problem in problems:
                messages.error(request, f"{field}: {problem}")
    return redirect("insights:release_detail", release.pk)
