"""REST API of the referral mechanism, over the same services and selectors as the pages.

Every request body is strict: a field the endpoint does not know is refused by name, so no
extra flag ("consent": true, "skip_consent", "force", ...) can reach the services, and the
services check consent whatever they are given.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from tipsom.cases import selectors as case_selectors
from tipsom.cases import sharing
from tipsom.cases.api import StrictSerializer, choice
from tipsom.cases.choices import SupportType
from tipsom.core.api import service_call as call
from tipsom.core.models import ContactPoint, Organisation
from tipsom.core.querysets import access_for
from tipsom.referrals import choices as c
from tipsom.referrals import selectors, services
from tipsom.referrals.models import Referral, ServiceOffer


def organisation_field(**kwargs: Any) -> serializers.PrimaryKeyRelatedField:
    return serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(),
        error_messages={
            "does_not_exist": 'no organisation with id "{pk_value}"; see /api/organisations/',
            "incorrect_type": "give an organisation id (a number)",
        },
        **kwargs,
    )


class ServiceOfferSerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = ServiceOffer
        fields = ["id", "organisation", "organisation_name", *services.OFFER_FIELDS]
        read_only_fields = ["organisation"]


class ServiceOfferWriteSerializer(StrictSerializer):
    organisation = organisation_field(required=False)
    service = choice(SupportType, required=False)
    provinces = serializers.ListField(child=serializers.CharField(), required=False)
    districts = serializers.ListField(child=serializers.CharField(), required=False)
    target_groups = serializers.ListField(
        child=choice(c.TargetGroup), required=False, allow_empty=True
    )
    capacity = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    contact_point = serializers.PrimaryKeyRelatedField(
        queryset=ContactPoint.objects.all(), required=False, allow_null=True
    )
    notes = serializers.CharField(required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False)


class ServiceOfferFilterSerializer(StrictSerializer):
    service = choice(SupportType, required=False, allow_blank=True)
    province = serializers.CharField(required=False, allow_blank=True)
    district = serializers.CharField(required=False, allow_blank=True)
    target_group = choice(c.TargetGroup, required=False, allow_blank=True)
    organisation = serializers.IntegerField(required=False)
    include_inactive = serializers.BooleanField(required=False)
    limit = serializers.IntegerField(required=False, min_value=1)
    offset = serializers.IntegerField(required=False, min_value=0)


class ServiceOfferViewSet(viewsets.ReadOnlyModelViewSet):
    """The service directory. Filters: service, province, district, target_group,
    organisation."""

    serializer_class = ServiceOfferSerializer
    queryset = ServiceOffer.objects.none()

    def get_queryset(self) -> Any:
        filters = ServiceOfferFilterSerializer(data=self.request.query_params.dict())
        filters.is_valid(raise_exception=True)
        return selectors.service_offers(self.request.user, filters.validated_data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(
            ServiceOfferSerializer(selectors.offer_detail(request.user, kwargs["pk"])).data
        )

    @extend_schema(request=ServiceOfferWriteSerializer, responses=ServiceOfferSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = ServiceOfferWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        organisation = fields.pop("organisation", None)
        if organisation is None:
            raise serializers.ValidationError({"organisation": ["choose the organisation"]})
        offer = call(services.add_offer, request.user, organisation, fields)
        return Response(ServiceOfferSerializer(offer).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ServiceOfferWriteSerializer, responses=ServiceOfferSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        offer = selectors.offer_detail(request.user, kwargs["pk"])
        data = ServiceOfferWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        for fixed in ("organisation", "service"):
            if fixed in fields:
                raise serializers.ValidationError(
                    {fixed: [f"{fixed} cannot change; list a new service instead"]}
                )
        call(services.update_offer, request.user, offer, fields)
        return Response(ServiceOfferSerializer(offer).data)

    http_method_names = ["get", "post", "patch", "head", "options"]


class ReferralSerializer(serializers.ModelSerializer):
    case_number = serializers.CharField(source="case.case_number", read_only=True)
    created_by = serializers.CharField(source="created_by.username", default=None)
    decided_by = serializers.CharField(source="decided_by.username", default=None)
    assigned_to = serializers.CharField(source="assigned_to.username", default=None)
    is_overdue = serializers.SerializerMethodField()

    class Meta:
        model = Referral
        fields = [
            "id",
            "version",
            "kind",
            "case",
            "case_number",
            "sender",
            "receiver",
            "service",
            "sections",
            "reason",
            "details",
            "state",
            "state_reason",
            "outcome",
            "consent_overridden",
            "override_justification",
            "due_on",
            "is_overdue",
            "created_by",
            "created_at",
            "decided_by",
            "decided_at",
            "assigned_to",
            "closed_at",
        ]

    def get_is_overdue(self, referral: Referral) -> bool:
        return selectors.is_overdue(referral)


SECTIONS_ALLOWED = '"{input}" is not allowed; allowed: ' + ", ".join(sharing.SECTIONS)


class ReferralCreateSerializer(StrictSerializer):
    """A referral or a transfer of a case the user works on. There is no consent flag: the
    server reads the person's recorded consent itself."""

    case = serializers.IntegerField()
    kind = serializers.ChoiceField(
        choices=[c.ReferralKind.REFERRAL, c.ReferralKind.TRANSFER],
        required=False,
        default=c.ReferralKind.REFERRAL,
        error_messages={
            "invalid_choice": '"{input}" is not allowed; allowed: referral, transfer (a transfer'
            " request goes to /api/referrals/transfer-requests/)"
        },
    )
    receiver = organisation_field()
    service = choice(SupportType, required=False, allow_blank=True, default="")
    sections = serializers.ListField(
        child=serializers.ChoiceField(
            choices=list(sharing.SECTIONS),
            error_messages={"invalid_choice": SECTIONS_ALLOWED},
        ),
        required=False,
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    details = serializers.CharField(required=False, allow_blank=True, default="")
    override_justification = serializers.CharField(required=False, allow_blank=True, default="")


class TransferRequestSerializer(StrictSerializer):
    case_number = serializers.CharField()
    requester = organisation_field()
    reason = serializers.CharField(allow_blank=True)


class DecisionSerializer(StrictSerializer):
    version = serializers.IntegerField()


class ReasonSerializer(StrictSerializer):
    version = serializers.IntegerField()
    reason = serializers.CharField(allow_blank=True)


class OutcomeSerializer(StrictSerializer):
    version = serializers.IntegerField()
    outcome = serializers.CharField(allow_blank=True)


class ReferralFilterSerializer(StrictSerializer):
    direction = serializers.ChoiceField(
        choices=["incoming", "outgoing"],
        required=False,
        allow_blank=True,
        error_messages={"invalid_choice": '"{input}" is not allowed; allowed: incoming, outgoing'},
    )
    state = choice(c.ReferralState, required=False, allow_blank=True)
    kind = choice(c.ReferralKind, required=False, allow_blank=True)
    case = serializers.IntegerField(required=False)
    overdue = serializers.BooleanField(required=False)
    limit = serializers.IntegerField(required=False, min_value=1)
    offset = serializers.IntegerField(required=False, min_value=0)


class ReportFilterSerializer(StrictSerializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    service = choice(SupportType, required=False, allow_blank=True)
    province = serializers.CharField(required=False, allow_blank=True, max_length=10)
    organisation = serializers.IntegerField(required=False)
    case_number = serializers.CharField(required=False, allow_blank=True)


class ReferralViewSet(viewsets.ReadOnlyModelViewSet):
    """Referrals and transfers the user's organisations sent or received. Filters: direction
    (incoming, outgoing), state, kind, case, overdue."""

    serializer_class = ReferralSerializer
    queryset = Referral.objects.none()
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> Any:
        filters = ReferralFilterSerializer(data=self.request.query_params.dict())
        filters.is_valid(raise_exception=True)
        return selectors.referrals(self.request.user, filters.validated_data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(
            ReferralSerializer(selectors.referral_detail(request.user, kwargs["pk"])).data
        )

    @extend_schema(request=ReferralCreateSerializer, responses=ReferralSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = ReferralCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        case = case_selectors.case_detail(request.user, d.pop("case"), "change")
        referral = call(
            services.refer,
            request.user,
            case,
            d.pop("kind"),
            d.pop("receiver"),
            **d,
        )
        return Response(ReferralSerializer(referral).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TransferRequestSerializer, responses=ReferralSerializer)
    @action(detail=False, methods=["post"], url_path="transfer-requests")
    def transfer_requests(self, request: Request) -> Response:
        data = TransferRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        referral = call(
            services.request_transfer, request.user, d["case_number"], d["requester"], d["reason"]
        )
        return Response(ReferralSerializer(referral).data, status=status.HTTP_201_CREATED)

    @extend_schema(parameters=[ReportFilterSerializer], responses={200: None})
    @action(detail=False, methods=["get"])
    def report(self, request: Request) -> Response:
        """Counts, acceptance rates and response times by receiver, service and province,
        and each case's pathway, within the user's report scope (no case contents)."""
        if access_for(request.user, "referralreport", "view").none:
            raise PermissionDenied("you may not see the referral report")
        filters = ReportFilterSerializer(data=request.query_params.dict())
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        return Response(
            {
                **selectors.report(request.user, data),
                "pathways": selectors.pathways(request.user, data),
            }
        )

    def _decide(self, request: Request, pk: Any, serializer_class: Any, write: Any) -> Response:
        referral = selectors.referral_detail(request.user, pk)
        data = serializer_class(data=request.data)
        data.is_valid(raise_exception=True)
        call(write, referral, dict(data.validated_data))
        referral.refresh_from_db()
        return Response(ReferralSerializer(referral).data)

    @extend_schema(request=DecisionSerializer, responses=ReferralSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: Any = None) -> Response:
        return self._decide(
            request,
            pk,
            DecisionSerializer,
            lambda r, d: services.accept(request.user, r, d["version"]),
        )

    @extend_schema(request=ReasonSerializer, responses=ReferralSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: Any = None) -> Response:
        return self._decide(
            request,
            pk,
            ReasonSerializer,
            lambda r, d: services.decline(request.user, r, d["version"], d["reason"]),
        )

    @extend_schema(request=ReasonSerializer, responses=ReferralSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: Any = None) -> Response:
        return self._decide(
            request,
            pk,
            ReasonSerializer,
            lambda r, d: services.revoke(request.user, r, d["version"], d["reason"]),
        )

    @extend_schema(request=OutcomeSerializer, responses=ReferralSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: Any = None) -> Response:
        return self._decide(
            request,
            pk,
            OutcomeSerializer,
            lambda r, d: services.complete(request.user, r, d["version"], d["outcome"]),
        )
