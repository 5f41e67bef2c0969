"""Pages of the joint programme: the programme and its results framework, an indicator
period by period, finance, progress reports, the dashboard, the donor report and IATI
downloads, and the training register. Thin: forms shape input, services write (and refuse
with the field named), selectors read through `restrict`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tipsom.core.forms import attach_errors
from tipsom.core.querysets import access_for, allows
from tipsom.core.selectors import can
from tipsom.core.views import Request
from tipsom.programme import choices as c
from tipsom.programme import computations, finance, iati, reporting, reports, selectors, services
from tipsom.programme import forms as f

CHART_WIDTH = 420  # px of the longest bar


def _tell(request: Request, error: Exception) -> None:
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            for problem in problems:
                messages.error(request, f"{field}: {problem}")
    else:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))


def _act(
    request: Request,
    form: Any,
    do: Callable[[dict[str, Any]], Any],
    done: str,
    back: Any,
) -> HttpResponse:
    """One POSTed act: check the form, call the service, say what happened (or each field's
    problem), and go back to the page it came from. A refusal of the right is a 403."""
    if form.is_valid():
        try:
            do(dict(form.cleaned_data))
        except ValidationError as error:  # a refusal of the right itself is a 403
            _tell(request, error)
        else:
            messages.success(request, done)
    else:
        for field, problems in form.errors.items():
            messages.error(request, f"{field}: {' '.join(str(p) for p in problems)}")
    return back


def _svg(chart: dict[str, Any]) -> dict[str, Any]:
    """A chart's bars laid out for an inline SVG (no script, nothing fetched)."""
    top = max((value for _, value in chart["bars"]), default=0) or 1
    bars = [
        {
            "label": label,
            "value": f"{value:,.1f}".removesuffix(".0"),
            "width": max(1, round(CHART_WIDTH * value / top)) if value else 0,
            "y": 24 * index,
        }
        for index, (label, value) in enumerate(chart["bars"])
    ]
    return {**chart, "svg_bars": bars, "height": 24 * len(bars) + 4}


# --- programmes -----------------------------------------------------------------------------


@login_required
def programme_list(request: Request) -> HttpResponse:
    if access_for(request.user, "programme", "view").none:
        raise PermissionDenied
    return render(
        request,
        "programme/programme_list.html",
        {
            "programmes": selectors.programmes(request.user),
            "can_add": allows(request.user, "programme", "add", None),
        },
    )


@login_required
def programme_new(request: Request) -> HttpResponse:
    if not allows(request.user, "programme", "add", None):
        raise PermissionDenied
    form = f.ProgrammeForm(request.POST or None, areas=selectors.thematic_areas())
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.create_programme(request.user, form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Joint programme opened."))
            return redirect("programme:detail", programme.pk)
    return render(
        request,
        "core/form.html",
        {"form": form, "title": _("Open a joint programme"), "submit_id": "create-programme"},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def programme_edit(request: Request, pk: int) -> HttpResponse:
    """Change the programme: its status, dates as they happen, markers, IATI identifier."""
    programme = selectors.programme_detail(request.user, pk)
    if not selectors.can_manage(request.user, programme):
        raise PermissionDenied
    initial = {
        name: getattr(programme, name)
        for name in f.ProgrammeForm.base_fields
        if name != "thematic_area" and hasattr(programme, name)
    }
    initial["thematic_area"] = programme.thematic_area.number
    form = f.ProgrammeForm(request.POST or None, initial=initial, areas=selectors.thematic_areas())
    if request.method == "POST" and form.is_valid():
        try:
            services.update_programme(request.user, programme, form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Joint programme changed."))
            return redirect("programme:detail", programme.pk)
    return render(
        request,
        "core/form.html",
        {"form": form, "title": programme.code, "submit_id": "change-programme"},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def programme_detail(request: Request, pk: int) -> HttpResponse:
    programme = selectors.programme_detail(request.user, pk)
    results = selectors.results_of(programme)
    outcomes = list(results)
    every_result = [x for r in results for x in (r, *r.outputs.all())]
    statuses = {s.indicator.pk: s for s in selectors.indicator_statuses(request.user, programme)}
    return render(
        request,
        "programme/programme_detail.html",
        {
            "programme": programme,
            "participations": selectors.participations_of(programme),
            "results": results,
            "statuses": statuses,
            "periods": selectors.periods_of(programme),
            "can_manage": selectors.can_manage(request.user, programme),
            "may_download": selectors.may_download(request.user),
            "participation_form": f.ParticipationForm(organisations=selectors.directory()),
            "result_form": f.ResultForm(outcomes=outcomes),
            "indicator_form": f.IndicatorForm(
                results=every_result, organisations=selectors.organisations_in(programme)
            ),
            "period_form": f.PeriodForm(),
        },
    )


@login_required
@require_POST
def participation_add(request: Request, pk: int) -> HttpResponse:
    programme = selectors.programme_detail(request.user, pk)
    organisations = list(selectors.directory())
    form = f.ParticipationForm(request.POST, organisations=organisations)

    def do(d: dict[str, Any]) -> Any:
        chosen = selectors.pick(organisations, d["organisation"])
        return services.add_participation(
            request.user, programme, chosen, d["role"], iati_ref=d["iati_ref"]
        )

    back = redirect("programme:detail", programme.pk)
    return _act(request, form, do, _("Participant added."), back)


@login_required
@require_POST
def result_add(request: Request, pk: int) -> HttpResponse:
    programme = selectors.programme_detail(request.user, pk)
    outcomes = selectors.results_of(programme)
    form = f.ResultForm(request.POST, outcomes=outcomes)

    def do(d: dict[str, Any]) -> Any:
        d["parent"] = selectors.result_of(programme, d["parent"]) if d["parent"] else None
        return services.add_result(request.user, programme, d)

    return _act(request, form, do, _("Result added."), redirect("programme:detail", programme.pk))


@login_required
@require_POST
def indicator_add(request: Request, pk: int) -> HttpResponse:
    programme = selectors.programme_detail(request.user, pk)
    results = list(selectors.all_results(programme))
    organisations = selectors.organisations_in(programme)
    form = f.IndicatorForm(request.POST, results=results, organisations=organisations)

    def do(d: dict[str, Any]) -> Any:
        result = selectors.result_of(programme, d.pop("result"))
        d["organisation"] = selectors.pick(organisations, d["organisation"])
        return services.add_indicator(request.user, result, d)

    back = redirect("programme:detail", programme.pk)
    return _act(request, form, do, _("Indicator added."), back)


@login_required
@require_POST
def period_add(request: Request, pk: int) -> HttpResponse:
    programme = selectors.programme_detail(request.user, pk)
    form = f.PeriodForm(request.POST)

    def do(d: dict[str, Any]) -> Any:
        return services.add_period(
            request.user, programme, d["title"], d["starts_on"], d["ends_on"]
        )

    back = redirect("programme:detail", programme.pk)
    return _act(request, form, do, _("Reporting period added."), back)


@login_required
@require_POST
def period_close(request: Request, pk: int, period: int) -> HttpResponse:
    programme = selectors.programme_detail(request.user, pk)
    found = selectors.period_of(programme, period)
    try:
        services.close_period(request.user, found)
    except ValidationError as error:  # a refusal of the right itself is a 403
        _tell(request, error)
    else:
        messages.success(request, _("Reporting period closed."))
    return redirect("programme:detail", programme.pk)


# --- indicators -----------------------------------------------------------------------------


@login_required
def indicator_detail(request: Request, pk: int) -> HttpResponse:
    indicator = selectors.indicator_detail(request.user, pk)
    programme = indicator.programme
    open_periods = [p for p in selectors.periods_of(programme) if p.is_open]
    rows = selectors.indicator_rows(request.user, indicator)
    dimensions = indicator.disaggregations
    return render(
        request,
        "programme/indicator_detail.html",
        {
            "indicator": indicator,
            "programme": programme,
            "rows": [(row, row.track(indicator.ascending)) for row in rows],
            "computation": computations.REGISTRY.get(indicator.computation),
            "recomputed": {
                row.period.pk: selectors.recomputed(row.actual) for row in rows if row.actual
            },
            "may_enter": selectors.may_enter_actuals(request.user, indicator),
            "can_manage": selectors.can_manage(request.user, programme),
            "actual_form": f.ActualForm(periods=open_periods, dimensions=dimensions),
            "target_form": f.TargetForm(periods=open_periods, dimensions=dimensions),
            "open_periods": open_periods,
        },
    )


@login_required
@require_POST
def target_set(request: Request, pk: int) -> HttpResponse:
    indicator = selectors.indicator_detail(request.user, pk)
    programme = indicator.programme
    form = f.TargetForm(
        request.POST,
        periods=selectors.periods_of(programme),
        dimensions=indicator.disaggregations,
    )

    def do(d: dict[str, Any]) -> Any:
        period = selectors.period_of(programme, d["period"])
        return services.set_target(
            request.user, indicator, period, d["value"], d["sex"], d["age_group"], d["province"]
        )

    back = redirect("programme:indicator_detail", indicator.pk)
    return _act(request, form, do, _("Target set."), back)


@login_required
@require_POST
def actual_add(request: Request, pk: int) -> HttpResponse:
    indicator = selectors.indicator_detail(request.user, pk)
    programme = indicator.programme
    form = f.ActualForm(
        request.POST,
        periods=selectors.periods_of(programme),
        dimensions=indicator.disaggregations,
    )

    def do(d: dict[str, Any]) -> Any:
        period = selectors.period_of(programme, d["period"])
        return reporting.record_actual(
            request.user,
            indicator,
            period,
            d["value"],
            d["sex"],
            d["age_group"],
            d["province"],
            d["comment"],
        )

    back = redirect("programme:indicator_detail", indicator.pk)
    return _act(request, form, do, _("Actual recorded."), back)


@login_required
@require_POST
def actual_compute(request: Request, pk: int) -> HttpResponse:
    indicator = selectors.indicator_detail(request.user, pk)
    try:
        period = selectors.period_of(indicator.programme, request.POST.get("period") or 0)
        reporting.compute_actual(request.user, indicator, period)
    except ValidationError as error:  # a refusal of the right itself is a 403
        _tell(request, error)
    else:
        messages.success(request, _("Actual computed and recorded with its definition."))
    return redirect("programme:indicator_detail", indicator.pk)


# --- money ----------------------------------------------------------------------------------


@login_required
def finance_page(request: Request, pk: int) -> HttpResponse:
    programme = selectors.programme_detail(request.user, pk)
    punos = selectors.organisations_in(programme, c.PartnerRole.PARTICIPATING_UN)
    partners = selectors.organisations_in(programme, *finance.PARTNERS)
    periods = list(selectors.periods_of(programme))
    return render(
        request,
        "programme/finance.html",
        {
            "programme": programme,
            "money": selectors.money(request.user, programme),
            "transfers": selectors.transfers(request.user, programme),
            "expenditures": selectors.expenditures(request.user, programme),
            "can_manage": selectors.can_manage(request.user, programme),
            "may_download": selectors.may_download(request.user),
            "expenditure_form": f.ExpenditureForm(
                periods=[p for p in periods if p.is_open],
                organisations=selectors.expenditure_organisations(request.user, programme),
            ),
            "budget_form": f.BudgetForm(organisations=punos),
            "transfer_form": f.TransferForm(organisations=punos, partners=partners),
        },
    )


@login_required
@require_POST
def budget_add(request: Request, pk: int) -> HttpResponse:
    programme = selectors.programme_detail(request.user, pk)
    punos = selectors.organisations_in(programme, c.PartnerRole.PARTICIPATING_UN)
    form = f.BudgetForm(request.POST, organisations=punos)

    def do(d: dict[str, Any]) -> Any:
        chosen = selectors.pick(punos, d["organisation"])
        return finance.set_budget_line(
            request.user, programme, chosen, d["category"], d["year"], d["amount"]
        )

    back = redirect("programme:finance", programme.pk)
    return _act(request, form, do, _("Budget line set."), back)


@login_required
@require_POST
def transfer_add(request: Request, pk: int) -> HttpResponse:
    programme = selectors.programme_detail(request.user, pk)
    punos = selectors.organisations_in(programme, c.PartnerRole.PARTICIPATING_UN)
    partners = selectors.organisations_in(programme, *finance.PARTNERS)
    form = f.TransferForm(request.POST, organisations=punos, partners=partners)

    def do(d: dict[str, Any]) -> Any:
        d["organisation"] = selectors.pick(punos, d["organisation"])
        d["partner"] = selectors.pick(partners, d["partner"]) if d["partner"] else None
        return finance.record_transfer(request.user, programme, d)

    back = redirect("programme:finance", programme.pk)
    return _act(request, form, do, _("Transfer recorded."), back)


@login_required
@require_POST
def expenditure_add(request: Request, pk: int) -> HttpResponse:
    programme = selectors.programme_detail(request.user, pk)
    punos = selectors.organisations_in(programme, c.PartnerRole.PARTICIPATING_UN)
    periods = selectors.periods_of(programme)
    form = f.ExpenditureForm(request.POST, periods=periods, organisations=punos)

    def do(d: dict[str, Any]) -> Any:
        return finance.record_expenditure(
            request.user,
            selectors.period_of(programme, d["period"]),
            selectors.pick(punos, d["organisation"]),
            d["category"],
            d["amount"],
            d["justification"],
        )

    back = redirect("programme:finance", programme.pk)
    return _act(request, form, do, _("Expenditure recorded."), back)


# --- progress reports -----------------------------------------------------------------------


@login_required
def report_list(request: Request, pk: int) -> HttpResponse:
    programme = selectors.programme_detail(request.user, pk)
    return render(
        request,
        "programme/report_list.html",
        {
            "programme": programme,
            "reports": selectors.reports_of(request.user, programme),
            "may_download": selectors.may_download(request.user),
            "report_form": f.ReportForm(
                periods=selectors.periods_of(programme),
                organisations=selectors.report_organisations(request.user, programme),
            ),
        },
    )


@login_required
@require_POST
def report_save(request: Request, pk: int) -> HttpResponse:
    programme = selectors.programme_detail(request.user, pk)
    punos = selectors.organisations_in(programme, c.PartnerRole.PARTICIPATING_UN)
    form = f.ReportForm(request.POST, periods=selectors.periods_of(programme), organisations=punos)

    def do(d: dict[str, Any]) -> Any:
        return reporting.save_report(
            request.user,
            selectors.period_of(programme, d["period"]),
            selectors.pick(punos, d["organisation"]),
            d["narrative"],
            d["challenges"],
        )

    back = redirect("programme:reports", programme.pk)
    return _act(request, form, do, _("Progress report saved."), back)


@login_required
def report_detail(request: Request, pk: int) -> HttpResponse:
    report = selectors.report_detail(request.user, pk)
    programme = report.period.programme
    return render(
        request,
        "programme/report_detail.html",
        {
            "report": report,
            "programme": programme,
            "actuals": selectors.report_actuals(request.user, report),
            "can_submit": can(request.user, report, "change")
            and report.status in (c.ReportStatus.DRAFT, c.ReportStatus.RETURNED),
            "can_review": selectors.can_manage(request.user, programme)
            and report.status == c.ReportStatus.SUBMITTED,
            "decision_form": f.DecisionForm(),
        },
    )


@login_required
@require_POST
def report_submit(request: Request, pk: int) -> HttpResponse:
    report = selectors.report_detail(request.user, pk)
    try:
        reporting.submit_report(request.user, report)
    except ValidationError as error:  # a refusal of the right itself is a 403
        _tell(request, error)
    else:
        messages.success(request, _("Progress report submitted for review."))
    return redirect("programme:report_detail", report.pk)


@login_required
@require_POST
def report_decide(request: Request, pk: int) -> HttpResponse:
    report = selectors.report_detail(request.user, pk)
    form = f.DecisionForm(request.POST)

    def do(d: dict[str, Any]) -> Any:
        if d["decision"] == "approve":
            return reporting.approve_report(request.user, report, d["note"])
        return reporting.return_report(request.user, report, d["note"])

    back = redirect("programme:report_detail", report.pk)
    return _act(request, form, do, _("Decision recorded."), back)


# --- dashboard and downloads ----------------------------------------------------------------


@login_required
def dashboard(request: Request, pk: int) -> HttpResponse:
    programme = selectors.programme_detail(request.user, pk)
    report = reports.collect(request.user, programme)
    statuses = selectors.indicator_statuses(request.user, programme)
    counts = {key: sum(1 for s in statuses if s.track == key) for key in c.Track.values}
    return render(
        request,
        "programme/dashboard.html",
        {
            "programme": programme,
            "money": report.money,
            "statuses": statuses,
            "counts": [(label, counts[key], key) for key, label in c.Track.choices],
            "charts": [_svg(chart) for chart in reports.charts(report)],
            "may_download": selectors.may_download(request.user),
        },
    )


DONOR_FORMATS = {
    "xlsx": (reports.xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pdf": (reports.pdf, "application/pdf"),
}


@login_required
def donor_report(request: Request, pk: int, kind: str) -> HttpResponse:
    selectors.require_download(request.user)
    programme = selectors.programme_detail(request.user, pk)
    if kind not in DONOR_FORMATS:
        raise Http404(f"no donor report as {kind}; there are {', '.join(DONOR_FORMATS)}")
    make, content_type = DONOR_FORMATS[kind]
    body = make(reports.collect(request.user, programme))
    selectors.record_download(request.user, programme, f"donor report ({kind})")
    answer = HttpResponse(body, content_type=content_type)
    answer["Content-Disposition"] = f'attachment; filename="{programme.code}-donor-report.{kind}"'
    return answer


def _iati(programme: Any) -> tuple[iati.Export | None, list[str]]:
    try:
        return iati.export(programme), []
    except iati.NotPublishable as refused:
        return None, refused.problems


@login_required
def iati_page(request: Request, pk: int) -> HttpResponse:
    selectors.require_download(request.user)
    programme = selectors.programme_detail(request.user, pk)
    found, problems = _iati(programme)
    return render(
        request,
        "programme/iati.html",
        {
            "programme": programme,
            "export": found,
            "problems": problems or (found.errors if found else []),
            "size": len(found.xml) if found else 0,
            "may_download": True,
        },
    )


@login_required
def iati_download(request: Request, pk: int) -> HttpResponse:
    selectors.require_download(request.user)
    programme = selectors.programme_detail(request.user, pk)
    found, problems = _iati(programme)
    problems = problems or (found.errors if found else [])
    if found is None or problems:
        return HttpResponse("\n".join(problems), status=400, content_type="text/plain")
    selectors.record_download(request.user, programme, "IATI 2.03")
    answer = HttpResponse(found.xml, content_type="application/xml")
    answer["Content-Disposition"] = f'attachment; filename="{programme.code}-iati.xml"'
    return answer


# --- training register ----------------------------------------------------------------------


@login_required
def training_list(request: Request) -> HttpResponse:
    if access_for(request.user, "training", "view").none:
        raise PermissionDenied
    organisations = selectors.training_organisations(request.user)
    programmes = list(selectors.programmes(request.user))
    form = f.TrainingForm(request.POST or None, organisations=organisations, programmes=programmes)
    if request.method == "POST":
        if not organisations:
            raise PermissionDenied
        if form.is_valid():
            d = dict(form.cleaned_data)
            organisation = selectors.pick(organisations, d.pop("organisation"))
            chosen = d.pop("programme")
            d["programme"] = selectors.pick(programmes, chosen) if chosen else None
            try:
                event = reporting.add_training(request.user, organisation, d)
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, _("Training recorded."))
                return redirect("programme:training_detail", event.pk)
    return render(
        request,
        "programme/training_list.html",
        {"events": selectors.trainings(request.user)[:200], "form": form, "can_add": organisations},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def training_detail(request: Request, pk: int) -> HttpResponse:
    event = selectors.training_detail(request.user, pk)
    return render(
        request,
        "programme/training_detail.html",
        {
            "event": event,
            "attendance": selectors.attendance_of(event),
            "can_change": can(request.user, event, "change"),
            "form": f.AttendanceForm(organisations=selectors.directory()),
        },
    )


@login_required
@require_POST
def attendance_add(request: Request, pk: int) -> HttpResponse:
    event = selectors.training_detail(request.user, pk)
    organisations = list(selectors.directory())
    form = f.AttendanceForm(request.POST, organisations=organisations)

    def do(d: dict[str, Any]) -> Any:
        chosen = selectors.pick(organisations, d["organisation"])
        return reporting.record_attendance(
            request.user, event, chosen, d["female"], d["male"], d["transgender"]
        )

    back = redirect("programme:training_detail", event.pk)
    return _act(request, form, do, _("Attendance recorded."), back)
