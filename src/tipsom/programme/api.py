"""REST API of the joint programme, over the same services and selectors as the pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from tipsom.cases.api import StrictSerializer, choice
from tipsom.core.api import service_call as call
from tipsom.core.models import Organisation
from tipsom.core.querysets import access_for
from tipsom.programme import choices as c
from tipsom.programme import computations, finance, iati, reporting, selectors, services
from tipsom.programme.models import (
    Actual,
    Attendance,
    Expenditure,
    Indicator,
    Participation,
    Programme,
    ProgressReport,
    ReportingPeriod,
    Result,
    Target,
    TrainingEvent,
    Transfer,
)


def _money(value: Any) -> str | None:
    return None if value is None else str(value)


class ParticipationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Participation
        fields = ["id", "organisation", "role", "iati_ref", "starts_on", "ends_on"]


class PeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportingPeriod
        fields = ["id", "title", "starts_on", "ends_on", "status"]


class ResultSerializer(serializers.ModelSerializer):
    class Meta:
        model = Result
        fields = ["id", "level", "parent", "code", "title", "description"]


class ProgrammeSerializer(serializers.ModelSerializer):
    participations = ParticipationSerializer(many=True, read_only=True)
    periods = PeriodSerializer(many=True, read_only=True)
    results = ResultSerializer(many=True, read_only=True)
    thematic_area = serializers.IntegerField(source="thematic_area.number")

    class Meta:
        model = Programme
        fields = [
            "id",
            "code",
            "title",
            "description",
            "objectives",
            "target_groups",
            "thematic_area",
            "gcm_objectives",
            "gender_marker",
            "human_rights_marker",
            "status",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "approved_on",
            "currency",
            "indirect_rate",
            "recipient_country",
            "sectors",
            "iati_identifier",
            "participations",
            "periods",
            "results",
        ]


class ProgrammeCreateSerializer(StrictSerializer):
    code = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    objectives = serializers.CharField(required=False, allow_blank=True)
    target_groups = serializers.CharField(required=False, allow_blank=True)
    thematic_area = serializers.IntegerField()
    gcm_objectives = serializers.ListField(child=serializers.IntegerField())
    gender_marker = serializers.IntegerField()
    human_rights_marker = serializers.IntegerField()
    status = choice(c.ProgrammeStatus, required=False)
    planned_start = serializers.CharField()
    planned_end = serializers.CharField()
    actual_start = serializers.CharField(required=False, allow_blank=True)
    approved_on = serializers.CharField(required=False, allow_blank=True)
    currency = serializers.CharField(required=False)
    indirect_rate = serializers.CharField(required=False)
    recipient_country = serializers.CharField(required=False)
    sectors = serializers.ListField(child=serializers.DictField(), required=False)
    iati_identifier = serializers.CharField(required=False, allow_blank=True)


class ProgrammeChangeSerializer(ProgrammeCreateSerializer):
    """Any of the programme's fields, each optional."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
        self.fields["actual_end"] = serializers.CharField(required=False, allow_blank=True)


class ParticipationCreateSerializer(StrictSerializer):
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    role = choice(c.PartnerRole)
    iati_ref = serializers.CharField(required=False, allow_blank=True, default="")
    starts_on = serializers.CharField(required=False, allow_blank=True)
    ends_on = serializers.CharField(required=False, allow_blank=True)


class ResultCreateSerializer(StrictSerializer):
    level = choice(c.ResultLevel)
    # DRF pops declared fields off the class; the names only shadow Field's in the stubs.
    parent = serializers.IntegerField(required=False, allow_null=True)  # type: ignore[assignment]
    code = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField(required=False, allow_blank=True, default="")


class IndicatorCreateSerializer(StrictSerializer):
    result = serializers.IntegerField()
    code = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField(required=False, allow_blank=True)
    unit = serializers.CharField(required=False, allow_blank=True, default="")
    measure = choice(c.Measure, required=False)
    ascending = serializers.BooleanField(required=False, default=True)
    baseline_value = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    baseline_year = serializers.IntegerField(required=False, allow_null=True)
    baseline_note = serializers.CharField(required=False, allow_blank=True)
    means_of_verification = serializers.CharField()
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    source = choice(c.IndicatorSource, required=False)  # type: ignore[assignment]  # as parent
    computation = serializers.CharField(required=False, allow_blank=True)
    compute_scope = choice(c.ComputeScope, required=False)
    disaggregations = serializers.ListField(child=serializers.CharField(), required=False)


class PeriodCreateSerializer(StrictSerializer):
    title = serializers.CharField()
    starts_on = serializers.CharField()
    ends_on = serializers.CharField()


class BudgetLineSerializer(StrictSerializer):
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    category = serializers.CharField()
    year = serializers.IntegerField()
    amount = serializers.CharField()


class TransferSerializer(serializers.ModelSerializer):
    class Meta:
        model = Transfer
        fields = ["id", "kind", "organisation", "partner", "transferred_on", "amount", "reference"]


class TransferCreateSerializer(StrictSerializer):
    kind = choice(c.TransferKind, required=False, default=c.TransferKind.FROM_FUND)
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    partner = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    transferred_on = serializers.CharField()
    amount = serializers.CharField()
    reference = serializers.CharField(required=False, allow_blank=True, default="")


def _ledger(ledger: finance.Ledger) -> dict[str, Any]:
    return {
        "organisation": ledger.organisation.pk if ledger.organisation else None,
        "budget": {k: str(v) for k, v in ledger.budget.items()},
        "budget_total": str(ledger.budget_total),
        "transferred": str(ledger.transferred),
        "spent": {k: str(v) for k, v in ledger.spent.items()},
        "spent_total": str(ledger.spent_total),
        "delivery_rate": _money(ledger.delivery_rate),
    }


class ProgrammeViewSet(viewsets.ReadOnlyModelViewSet):
    """Joint programmes: the organisations taking part read theirs; programme managers open
    them (POST) and design them (participants, results, indicators, periods, budget,
    transfers). /dashboard/ gives delivery, burn and indicators against targets; /iati/ the
    IATI 2.03 file (validated against the official schema)."""

    serializer_class = ProgrammeSerializer
    queryset = Programme.objects.none()

    def get_queryset(self) -> Any:
        return selectors.programmes(self.request.user).prefetch_related(
            "participations", "periods", "results"
        )

    def _programme(self, request: Request, pk: Any) -> Programme:
        return selectors.programme_detail(request.user, pk)

    def _show(self, programme: Programme) -> Any:
        return ProgrammeSerializer(programme, context=self.get_serializer_context()).data

    @extend_schema(request=ProgrammeCreateSerializer, responses=ProgrammeSerializer)
    def create(self, request: Request) -> Response:
        data = ProgrammeCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        programme = call(services.create_programme, request.user, data.validated_data)
        return Response(self._show(programme), status=status.HTTP_201_CREATED)

    @extend_schema(request=ProgrammeChangeSerializer, responses=ProgrammeSerializer)
    def partial_update(self, request: Request, pk: Any = None) -> Response:
        """Change the programme: status, dates as they happen, markers, IATI identifier..."""
        programme = self._programme(request, pk)
        data = ProgrammeChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        call(services.update_programme, request.user, programme, data.validated_data)
        return Response(self._show(self._programme(request, pk)))

    @extend_schema(request=ParticipationCreateSerializer, responses=ParticipationSerializer)
    @action(detail=True, methods=["post"])
    def participations(self, request: Request, pk: Any = None) -> Response:
        programme = self._programme(request, pk)
        data = ParticipationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        found = call(
            services.add_participation,
            request.user,
            programme,
            d["organisation"],
            d["role"],
            iati_ref=d["iati_ref"],
            starts_on=d.get("starts_on") or None,
            ends_on=d.get("ends_on") or None,
        )
        return Response(ParticipationSerializer(found).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ResultCreateSerializer, responses=ResultSerializer)
    @action(detail=True, methods=["post"])
    def results(self, request: Request, pk: Any = None) -> Response:
        programme = self._programme(request, pk)
        data = ResultCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        d["parent"] = selectors.result_of(programme, d["parent"]) if d.get("parent") else None
        found = call(services.add_result, request.user, programme, d)
        return Response(ResultSerializer(found).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=IndicatorCreateSerializer, responses=None)
    @action(detail=True, methods=["post"])
    def indicators(self, request: Request, pk: Any = None) -> Response:
        programme = self._programme(request, pk)
        data = IndicatorCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        result = selectors.result_of(programme, d.pop("result"))
        found = call(services.add_indicator, request.user, result, d)
        return Response(_indicator(request.user, found), status=status.HTTP_201_CREATED)

    @extend_schema(request=PeriodCreateSerializer, responses=PeriodSerializer)
    @action(detail=True, methods=["post"])
    def periods(self, request: Request, pk: Any = None) -> Response:
        programme = self._programme(request, pk)
        data = PeriodCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        found = call(
            services.add_period, request.user, programme, d["title"], d["starts_on"], d["ends_on"]
        )
        return Response(PeriodSerializer(found).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=PeriodSerializer)
    @action(detail=True, methods=["post"], url_path=r"periods/(?P<period>\d+)/close")
    def close_period(self, request: Request, pk: Any = None, period: Any = None) -> Response:
        programme = self._programme(request, pk)
        found = call(services.close_period, request.user, selectors.period_of(programme, period))
        return Response(PeriodSerializer(found).data)

    @extend_schema(request=BudgetLineSerializer, responses=None)
    @action(detail=True, methods=["post"])
    def budget(self, request: Request, pk: Any = None) -> Response:
        """Set a participating organisation's budget for a year in a direct-cost category
        (indirect support costs are computed at the programme's rate)."""
        programme = self._programme(request, pk)
        data = BudgetLineSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        line = call(
            finance.set_budget_line,
            request.user,
            programme,
            d["organisation"],
            d["category"],
            d["year"],
            d["amount"],
        )
        return Response(
            {
                "id": line.pk,
                "organisation": line.organisation_id,
                "category": line.category,
                "year": line.year,
                "amount": str(line.amount),
            },
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=TransferCreateSerializer, responses=TransferSerializer)
    @action(detail=True, methods=["post"])
    def transfers(self, request: Request, pk: Any = None) -> Response:
        programme = self._programme(request, pk)
        data = TransferCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        found = call(finance.record_transfer, request.user, programme, dict(data.validated_data))
        return Response(TransferSerializer(found).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: None})
    @action(detail=True, methods=["get"])
    def dashboard(self, request: Request, pk: Any = None) -> Response:
        """Budget, transfers and expenditure by organisation and category (the rows the
        user may see), delivery and burn rates, and each indicator against its target."""
        programme = self._programme(request, pk)
        money = selectors.money(request.user, programme)
        return Response(
            {
                "currency": programme.currency,
                "ledgers": [_ledger(ledger) for ledger in money.ledgers],
                "total": _ledger(money.total),
                "burn_rate": _money(money.burn.rate),
                "actual_per_month": _money(money.burn.actual_per_month),
                "planned_per_month": _money(money.burn.planned_per_month),
                "indicators": [
                    {
                        "indicator": s.indicator.pk,
                        "code": s.indicator.code,
                        "period": s.row.period.title if s.row else None,
                        "target": _money(s.row.target) if s.row else None,
                        "actual": _money(s.row.actual_value) if s.row else None,
                        "track": s.track,
                    }
                    for s in selectors.indicator_statuses(request.user, programme)
                ],
            }
        )

    @extend_schema(responses={(200, "application/xml"): bytes})
    @action(detail=True, methods=["get"])
    def iati(self, request: Request, pk: Any = None) -> HttpResponse:
        """The IATI 2.03 activity file; 400 with every problem when it cannot be published."""
        selectors.require_download(request.user)
        programme = self._programme(request, pk)
        try:
            found = iati.export(programme)
        except iati.NotPublishable as refused:
            raise ValidationError({"iati": refused.problems}) from refused
        if found.errors:
            raise ValidationError({"iati": found.errors})
        selectors.record_download(request.user, programme, "IATI 2.03")
        return HttpResponse(found.xml, content_type="application/xml")

    @extend_schema(responses={200: None})
    @action(detail=False, methods=["get"])
    def computations(self, request: Request) -> Response:
        """The registry of computed indicators: key, title, unit, definition, dimensions."""
        if access_for(request.user, "programme", "view").none:
            raise PermissionDenied("you may not see joint programmes")
        return Response(
            [
                {
                    "key": comp.key,
                    "title": str(comp.title),
                    "unit": comp.unit,
                    "definition": str(comp.definition),
                    "dimensions": list(comp.dimensions),
                }
                for comp in computations.REGISTRY.values()
            ]
        )


# --- indicators -----------------------------------------------------------------------------


def _indicator(user: Any, indicator: Indicator) -> dict[str, Any]:
    rows = selectors.indicator_rows(user, indicator, live=False)
    return {
        "id": indicator.pk,
        "programme": indicator.result.programme_id,
        "result": indicator.result_id,
        "code": indicator.code,
        "title": indicator.title,
        "unit": indicator.unit,
        "measure": indicator.measure,
        "ascending": indicator.ascending,
        "baseline_value": _money(indicator.baseline_value),
        "baseline_year": indicator.baseline_year,
        "means_of_verification": indicator.means_of_verification,
        "organisation": indicator.organisation_id,
        "source": indicator.source,
        "computation": indicator.computation,
        "disaggregations": indicator.disaggregations,
        "periods": [
            {
                "period": row.period.pk,
                "title": row.period.title,
                "status": row.period.status,
                "target": _money(row.target),
                "actual": _money(row.actual_value),
                "track": row.track(indicator.ascending),
                "definition": row.actual.definition if row.actual else "",
                "parameters": row.actual.parameters if row.actual else {},
                "splits": [
                    {
                        "dimension": s.dimension,
                        "category": s.category,
                        "target": _money(s.target),
                        "actual": _money(s.actual),
                    }
                    for s in row.splits
                ],
            }
            for row in rows
        ],
    }


class ActualSerializer(serializers.ModelSerializer):
    class Meta:
        model = Actual
        fields = [
            "id",
            "indicator",
            "period",
            "value",
            "sex",
            "age_group",
            "province",
            "comment",
            "source",
            "computation",
            "definition",
            "parameters",
        ]


class TargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = Target
        fields = ["id", "indicator", "period", "value", "sex", "age_group", "province"]


class ActualCreateSerializer(StrictSerializer):
    period = serializers.IntegerField()
    value = serializers.CharField()
    sex = serializers.CharField(required=False, allow_blank=True, default="")
    age_group = serializers.CharField(required=False, allow_blank=True, default="")
    province = serializers.CharField(required=False, allow_blank=True, default="")
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class TargetCreateSerializer(StrictSerializer):
    period = serializers.IntegerField()
    value = serializers.CharField()
    sex = serializers.CharField(required=False, allow_blank=True, default="")
    age_group = serializers.CharField(required=False, allow_blank=True, default="")
    province = serializers.CharField(required=False, allow_blank=True, default="")


class ComputeSerializer(StrictSerializer):
    period = serializers.IntegerField()


class IndicatorViewSet(viewsets.ViewSet):
    """Indicators of the programmes the user sees, with targets and actuals per period
    (``?programme=ID``). POST /actuals/ enters an actual, /compute/ computes one, /targets/
    sets a target."""

    lookup_value_regex = r"\d+"
    queryset = Indicator.objects.none()  # for the schema: ids are the indicators' keys

    def _found(self, request: Request, pk: Any) -> Indicator:
        return selectors.indicator_detail(request.user, pk)

    @extend_schema(operation_id="programme_indicators_list", responses={200: None})
    def list(self, request: Request) -> Response:
        if access_for(request.user, "programme", "view").none:
            raise PermissionDenied("you may not see joint programmes")
        wanted = request.query_params.get("programme", "")
        found = [
            _indicator(request.user, indicator)
            for programme in selectors.programmes(request.user, wanted)
            for indicator in selectors.indicators_of(programme)
        ]
        return Response(found)

    @extend_schema(responses={200: None})
    def retrieve(self, request: Request, pk: Any = None) -> Response:
        return Response(_indicator(request.user, self._found(request, pk)))

    @extend_schema(request=ActualCreateSerializer, responses=ActualSerializer)
    @action(detail=True, methods=["post"])
    def actuals(self, request: Request, pk: Any = None) -> Response:
        indicator = self._found(request, pk)
        data = ActualCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        period = selectors.period_of(indicator.programme, d["period"])
        found = call(
            reporting.record_actual,
            request.user,
            indicator,
            period,
            d["value"],
            d["sex"],
            d["age_group"],
            d["province"],
            d["comment"],
        )
        return Response(ActualSerializer(found).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ComputeSerializer, responses=ActualSerializer(many=True))
    @action(detail=True, methods=["post"])
    def compute(self, request: Request, pk: Any = None) -> Response:
        """Compute the indicator for an open period and keep the figures with their
        definition and query parameters."""
        indicator = self._found(request, pk)
        data = ComputeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        period = selectors.period_of(indicator.programme, data.validated_data["period"])
        found = call(reporting.compute_actual, request.user, indicator, period)
        return Response(ActualSerializer(found, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TargetCreateSerializer, responses=TargetSerializer)
    @action(detail=True, methods=["post"])
    def targets(self, request: Request, pk: Any = None) -> Response:
        indicator = self._found(request, pk)
        data = TargetCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        period = selectors.period_of(indicator.programme, d["period"])
        found = call(
            services.set_target,
            request.user,
            indicator,
            period,
            d["value"],
            d["sex"],
            d["age_group"],
            d["province"],
        )
        return Response(TargetSerializer(found).data, status=status.HTTP_201_CREATED)


# --- expenditure ----------------------------------------------------------------------------


class ExpenditureSerializer(serializers.ModelSerializer):
    class Meta:
        model = Expenditure
        fields = ["id", "period", "organisation", "category", "amount", "justification"]


class ExpenditureCreateSerializer(StrictSerializer):
    period = serializers.IntegerField()
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    category = serializers.CharField()
    amount = serializers.CharField()
    justification = serializers.CharField(required=False, allow_blank=True, default="")


class ExpenditureViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Expenditure reported per period, organisation and direct-cost category
    (``?programme=ID``): each organisation's own for its data officers and supervisors,
    all for programme managers, the secretariat and auditors. POST reports expenditure."""

    serializer_class = ExpenditureSerializer
    queryset = Expenditure.objects.none()

    def get_queryset(self) -> Any:
        wanted = self.request.query_params.get("programme", "")
        return selectors.all_expenditures(self.request.user, wanted)

    @extend_schema(request=ExpenditureCreateSerializer, responses=ExpenditureSerializer)
    def create(self, request: Request) -> Response:
        data = ExpenditureCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        period = selectors.period_for(request.user, d["period"])
        found = call(
            finance.record_expenditure,
            request.user,
            period,
            d["organisation"],
            d["category"],
            d["amount"],
            d["justification"],
        )
        return Response(ExpenditureSerializer(found).data, status=status.HTTP_201_CREATED)


# --- progress reports -----------------------------------------------------------------------


class ProgressReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "period",
            "organisation",
            "narrative",
            "challenges",
            "status",
            "prepared_by",
            "submitted_at",
            "decided_by",
            "decided_at",
            "decision_note",
        ]


class ReportCreateSerializer(StrictSerializer):
    period = serializers.IntegerField()
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    narrative = serializers.CharField()
    challenges = serializers.CharField(required=False, allow_blank=True, default="")


class ReviewSerializer(StrictSerializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReportViewSet(viewsets.ReadOnlyModelViewSet):
    """Progress reports: a participating organisation writes its report for a period
    (POST, again to revise a draft), submits it; a programme manager who did not prepare it
    approves it or returns it for changes."""

    serializer_class = ProgressReportSerializer
    queryset = ProgressReport.objects.none()

    def get_queryset(self) -> Any:
        return selectors.all_reports(self.request.user)

    def _found(self, request: Request, pk: Any) -> ProgressReport:
        return selectors.report_detail(request.user, pk)

    @extend_schema(request=ReportCreateSerializer, responses=ProgressReportSerializer)
    def create(self, request: Request) -> Response:
        data = ReportCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        period = selectors.period_for(request.user, d["period"])
        found = call(
            reporting.save_report,
            request.user,
            period,
            d["organisation"],
            d["narrative"],
            d["challenges"],
        )
        return Response(ProgressReportSerializer(found).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ProgressReportSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: Any = None) -> Response:
        found = call(reporting.submit_report, request.user, self._found(request, pk))
        return Response(ProgressReportSerializer(found).data)

    @extend_schema(request=ReviewSerializer, responses=ProgressReportSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: Any = None) -> Response:
        data = ReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        found = call(
            reporting.approve_report,
            request.user,
            self._found(request, pk),
            data.validated_data["note"],
        )
        return Response(ProgressReportSerializer(found).data)

    @extend_schema(request=ReviewSerializer, responses=ProgressReportSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def send_back(self, request: Request, pk: Any = None) -> Response:
        data = ReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        found = call(
            reporting.return_report,
            request.user,
            self._found(request, pk),
            data.validated_data["note"],
        )
        return Response(ProgressReportSerializer(found).data)


# --- the training register ------------------------------------------------------------------


class AttendanceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attendance
        fields = ["id", "organisation", "female", "male", "transgender"]


class TrainingEventSerializer(serializers.ModelSerializer):
    attendance = AttendanceSerializer(many=True, read_only=True)

    class Meta:
        model = TrainingEvent
        fields = [
            "id",
            "organisation",
            "programme",
            "title",
            "starts_on",
            "ends_on",
            "province",
            "place",
            "attendance",
        ]


class TrainingCreateSerializer(StrictSerializer):
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    programme = serializers.IntegerField(required=False, allow_null=True)
    title = serializers.CharField()
    starts_on = serializers.CharField()
    ends_on = serializers.CharField(required=False, allow_blank=True)
    province = serializers.CharField(required=False, allow_blank=True, default="")
    place = serializers.CharField(required=False, allow_blank=True, default="")


class AttendanceCreateSerializer(StrictSerializer):
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    female = serializers.IntegerField(required=False, default=0, min_value=0)
    male = serializers.IntegerField(required=False, default=0, min_value=0)
    transgender = serializers.IntegerField(required=False, default=0, min_value=0)


class TrainingViewSet(viewsets.ReadOnlyModelViewSet):
    """The training register: events and their participants by organisation and sex (no
    names). POST records an event; /attendance/ records an organisation's participants."""

    serializer_class = TrainingEventSerializer
    queryset = TrainingEvent.objects.none()

    def get_queryset(self) -> Any:
        return selectors.trainings(self.request.user).prefetch_related("attendance")

    @extend_schema(request=TrainingCreateSerializer, responses=TrainingEventSerializer)
    def create(self, request: Request) -> Response:
        data = TrainingCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        organisation = d.pop("organisation")
        if d.get("programme"):
            d["programme"] = selectors.programme_detail(request.user, d["programme"])
        event = call(reporting.add_training, request.user, organisation, d)
        return Response(TrainingEventSerializer(event).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AttendanceCreateSerializer, responses=AttendanceSerializer)
    @action(detail=True, methods=["post"])
    def attendance(self, request: Request, pk: Any = None) -> Response:
        event = selectors.training_detail(request.user, pk)
        data = AttendanceCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        found = call(
            reporting.record_attendance,
            request.user,
            event,
            d["organisation"],
            d["female"],
            d["male"],
            d["transgender"],
        )
        return Response(AttendanceSerializer(found).data, status=status.HTTP_201_CREATED)
