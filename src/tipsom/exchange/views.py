"""Pages of data exchange: imports with their progress and report, the quarantine, export."""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tipsom.core.forms import attach_errors
from tipsom.core.querysets import access_for
from tipsom.core.views import Request
from tipsom.engine.exchange.problems import FileProblem
from tipsom.exchange import forms as f
from tipsom.exchange import reports, selectors, services

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {
    "htcds-csv": "text/csv",
    "htcds-xlsx": XLSX,
    "htcds-json": "application/json",
    "ctdc-2024": "text/csv",
}


def _require_any(user: Any, resource: str, action: str) -> None:
    if access_for(user, resource, action).none:
        raise PermissionDenied


@login_required
def import_list(request: Request) -> HttpResponse:
    _require_any(request.user, "importbatch", "view")
    page = Paginator(selectors.batches(request.user), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "exchange/import_list.html",
        {
            "page": page,
            "can_import": selectors.import_organisations(request.user).exists(),
            "export_form": f.ExportForm(organisations=selectors.export_organisations(request.user)),
            "can_export": not access_for(request.user, "case", "export").none,
        },
    )


@login_required
def import_new(request: Request) -> HttpResponse:
    organisations = selectors.import_organisations(request.user)
    if not organisations.exists():
        raise PermissionDenied
    form = f.ImportForm(request.POST or None, request.FILES or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            batch = services.upload(
                request.user,
                d["organisation"],
                d["file"].read(),
                d["file"].name,
                d["format"],
                d["source_system"],
                dry_run=d["dry_run"],
            )
            return redirect("exchange:import_detail", pk=batch.pk)
        except FileProblem as problem:
            form.add_error("file", str(problem))
        except ValidationError as error:
            attach_errors(form, error)
    if request.method == "POST" and "file" not in request.FILES:
        form.errors.pop("file", None)
        form.add_error(
            "file",
            _(
                "No file arrived. Files larger than %(mb)s MB (the upload limit) are refused; "
                "import those with the tipsom import command."
            )
            % {"mb": settings.TIPSOM_MAX_UPLOAD_MB},
        )
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": _("Import records"),
            "intro": _(
                "HTCDS templates (CSV, Excel, JSON), KoboToolbox and ODK exports of the HTCDS "
                "form. Rows with problems wait for correction; nothing is dropped. Importing "
                "the same file again changes nothing that has not changed."
            ),
            "multipart": True,
            "submit_label": _("Start"),
            "submit_id": "start-import",
        },
    )


@login_required
def import_detail(request: Request, pk: int) -> HttpResponse:
    batch = selectors.batch_detail(request.user, pk)
    rows = selectors.quarantine(request.user, batch)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "exchange/import_detail.html",
        {
            "batch": batch,
            "page": page,
            "problems": {row.pk: selectors.problems_of(row) for row in page},
        },
    )


@login_required
@require_POST
def import_commit(request: Request, pk: int) -> HttpResponse:
    checked = selectors.batch_detail(request.user, pk, "change")
    try:
        batch = services.commit_checked(request.user, checked)
    except ValidationError as error:
        for problems in error.message_dict.values():
            for problem in problems:
                messages.error(request, problem)
        return redirect("exchange:import_detail", pk=checked.pk)
    return redirect("exchange:import_detail", pk=batch.pk)


@login_required
def import_report(request: Request, pk: int) -> HttpResponse:
    batch = selectors.batch_detail(request.user, pk)
    rows = list(selectors.quarantine(request.user, batch))
    services.record_report_download(request.user, batch, len(rows))
    response = HttpResponse(reports.problem_report(batch, rows), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="import-{batch.pk}-problems.xlsx"'
    return response


@login_required
def row_edit(request: Request, pk: int) -> HttpResponse:
    row = selectors.row_detail(request.user, pk)
    values = selectors.values_of(row)
    problems = selectors.problems_of(row)
    if request.method == "POST":
        corrected = {name: request.POST.get(f"v-{n}", "") for n, name in enumerate(values)}
        try:
            outcome = services.resubmit(request.user, row, corrected)
        except ValidationError as error:
            for texts in error.message_dict.values():
                for text in texts:
                    messages.error(request, text)
            return redirect("exchange:row_edit", pk=row.pk)
        if outcome == "rejected":
            messages.error(request, _("The row still has problems; they are shown below."))
            return redirect("exchange:row_edit", pk=row.pk)
        messages.success(request, _("Row imported."))
        return redirect("exchange:import_detail", pk=row.batch_id)
    bad = {p["column"] for p in problems}
    fields = [
        {
            "n": n,
            "name": name,
            "value": value,
            "bad": name in bad,
            "reasons": [p for p in problems if p["column"] == name],
        }
        for n, (name, value) in enumerate(values.items())
    ]
    others = [p for p in problems if p["column"] not in values]
    return render(
        request,
        "exchange/row_form.html",
        {"row": row, "fields": fields, "others": others, "discard_form": f.DiscardForm()},
    )


@login_required
@require_POST
def row_discard(request: Request, pk: int) -> HttpResponse:
    row = selectors.row_detail(request.user, pk)
    try:
        services.discard(request.user, row, request.POST.get("reason", ""))
        messages.success(request, _("Row discarded."))
    except ValidationError as error:
        for texts in error.message_dict.values():
            for text in texts:
                messages.error(request, text)
        return redirect("exchange:row_edit", pk=row.pk)
    return redirect("exchange:import_detail", pk=row.batch_id)


@login_required
@require_POST
def export(request: Request) -> HttpResponse:
    _require_any(request.user, "case", "export")
    form = f.ExportForm(request.POST, organisations=selectors.export_organisations(request.user))
    if not form.is_valid():
        messages.error(request, _("Choose a format."))
        return redirect("exchange:import_list")
    fmt = form.cleaned_data["format"]
    buffer = io.BytesIO()  # in memory: personal data never lands on the server's disk
    services.export(request.user, fmt, buffer, form.cleaned_data["organisation"])
    suffix = {"ctdc-2024": "csv"}.get(fmt, fmt.split("-")[-1])
    response = HttpResponse(buffer.getvalue(), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{fmt}-export.{suffix}"'
    return response
