"""REST API of the criminal-justice records, over the same services and selectors."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from tipsom.cases.api import StrictSerializer, choice
from tipsom.core.api import service_call as call
from tipsom.core.models import Organisation
from tipsom.core.selectors import get_restricted
from tipsom.justice import choices as c
from tipsom.justice import selectors, services
from tipsom.justice.models import (
    Charge,
    Fir,
    FirShare,
    Hearing,
    Offence,
    Seizure,
    Suspect,
    WatchlistEntry,
    WatchlistHit,
)


class OffenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Offence
        fields = [
            "code",
            "law",
            "section",
            "title",
            "min_months",
            "max_months",
            "max_fine",
            "fine_or_prison",
            "note",
        ]


class OffenceViewSet(viewsets.ReadOnlyModelViewSet):
    """The maintained offence list with legal ranges (months of imprisonment, PKR fines)."""

    serializer_class = OffenceSerializer
    queryset = Offence.objects.none()
    lookup_field = "code"

    def get_queryset(self) -> Any:
        return selectors.offences(self.request.user)


class ChargeSerializer(serializers.ModelSerializer):
    offence = serializers.CharField(source="offence.code")

    class Meta:
        model = Charge
        fields = [
            "id",
            "version",
            "offence",
            "court",
            "filed_on",
            "outcome",
            "decided_on",
            "imprisonment_months",
            "fine_pkr",
            "sentence_warnings",
            "appeal_filed_on",
            "appeal_court",
            "appeal_outcome",
        ]


class SuspectSerializer(serializers.ModelSerializer):
    charges = ChargeSerializer(many=True, read_only=True)
    name = serializers.SerializerMethodField()

    class Meta:
        model = Suspect
        fields = ["id", "person", "name", "roles", "network", "arrested_on", "victims", "charges"]

    def get_name(self, suspect: Suspect) -> str:
        p = suspect.person
        return " ".join(x for x in (p.first_name, p.father_name, p.family_name) if x)


class SeizureSerializer(serializers.ModelSerializer):
    class Meta:
        model = Seizure
        fields = ["id", "seized_on", "description", "value_pkr"]


class ShareSerializer(serializers.ModelSerializer):
    class Meta:
        model = FirShare
        fields = ["id", "organisation", "access", "reason", "shared_at"]


class HearingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Hearing
        fields = ["id", "court", "held_on", "kind", "notes", "next_on"]


class FirSerializer(serializers.ModelSerializer):
    offences: Any = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    suspects = SuspectSerializer(many=True, read_only=True)
    seizures = SeizureSerializer(many=True, read_only=True)
    hearings = HearingSerializer(many=True, read_only=True)
    shares = ShareSerializer(many=True, read_only=True)
    cases = serializers.SerializerMethodField()

    def get_cases(self, fir: Fir) -> list[dict[str, Any]]:
        """Linked cases: the number where the user may open the case, else only its holder."""
        request = self.context.get("request")
        return selectors.linked_cases(getattr(request, "user", None), fir)

    class Meta:
        model = Fir
        fields = [
            "id",
            "version",
            "organisation",
            "number",
            "station",
            "registered_on",
            "status",
            "investigating_officer",
            "offences",
            "summary",
            "suspects",
            "seizures",
            "hearings",
            "shares",
            "cases",
        ]


class FirCreateSerializer(StrictSerializer):
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    investigating_officer = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.all(), required=False, allow_null=True
    )
    number = serializers.CharField()
    station = serializers.CharField()
    registered_on = serializers.CharField()
    offences = serializers.ListField(child=serializers.CharField(), allow_empty=False)
    summary = serializers.CharField(required=False, allow_blank=True, default="")


class SuspectCreateSerializer(StrictSerializer):
    person = serializers.IntegerField(required=False)
    first_name = serializers.CharField(required=False, allow_blank=True)
    family_name = serializers.CharField(required=False, allow_blank=True)
    father_name = serializers.CharField(required=False, allow_blank=True)
    sex = serializers.CharField(required=False, allow_blank=True)
    birth_year = serializers.IntegerField(required=False)
    roles = serializers.ListField(child=serializers.CharField(), required=False)
    aliases = serializers.ListField(child=serializers.CharField(), required=False)
    network = serializers.CharField(required=False, allow_blank=True, default="")
    arrested_on = serializers.CharField(required=False, allow_blank=True)


class ChargeCreateSerializer(StrictSerializer):
    suspect = serializers.IntegerField()
    offence = serializers.CharField()
    court = serializers.CharField()
    filed_on = serializers.CharField()


class VerdictSerializer(StrictSerializer):
    version = serializers.IntegerField()
    outcome = choice(c.Outcome)
    decided_on = serializers.CharField(required=False, allow_blank=True)
    imprisonment_months = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=1200
    )
    fine_pkr = serializers.IntegerField(required=False, allow_null=True, min_value=0)


class StatusSerializer(StrictSerializer):
    version = serializers.IntegerField()
    status = choice(c.FirStatus)


class SeizureCreateSerializer(StrictSerializer):
    seized_on = serializers.CharField()
    description = serializers.CharField()
    value_pkr = serializers.IntegerField(required=False, allow_null=True, min_value=0)


class AppealSerializer(StrictSerializer):
    version = serializers.IntegerField()
    filed_on = serializers.CharField()
    court = serializers.CharField()
    outcome = choice(c.Outcome, required=False, default=c.Outcome.PENDING)


class ShareCreateSerializer(StrictSerializer):
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    access = choice(c.ShareAccess, required=False, default=c.ShareAccess.VIEW)
    reason = serializers.CharField()


class HearingCreateSerializer(StrictSerializer):
    court = serializers.CharField()
    held_on = serializers.CharField()
    kind = choice(c.HearingKind)
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    next_on = serializers.CharField(required=False, allow_blank=True, default="")


class CaseLinkSerializer(StrictSerializer):
    case = serializers.IntegerField()


class VictimLinkSerializer(StrictSerializer):
    person = serializers.IntegerField()


PERSON_FIELDS = ("first_name", "family_name", "father_name", "sex", "birth_year")


class FirViewSet(viewsets.ReadOnlyModelViewSet):
    """FIRs and their investigation: law-enforcement and prosecution roles of the owning
    agency only. POST registers one; /suspects/ adds a suspect, /charges/ charges one,
    /charges/<id>/verdict/ records the court's decision."""

    serializer_class = FirSerializer
    queryset = Fir.objects.none()

    def get_queryset(self) -> Any:
        return selectors.firs(self.request.user)

    @extend_schema(request=FirCreateSerializer, responses=FirSerializer)
    def create(self, request: Request) -> Response:
        data = FirCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        organisation = fields.pop("organisation")
        fir = call(services.register_fir, request.user, organisation, fields)
        return Response(self._show(fir), status=status.HTTP_201_CREATED)

    def _show(self, fir: Fir) -> Any:
        return FirSerializer(fir, context=self.get_serializer_context()).data

    @extend_schema(request=SuspectCreateSerializer, responses=SuspectSerializer)
    @action(detail=True, methods=["post"])
    def suspects(self, request: Request, pk: Any = None) -> Response:
        fir = selectors.fir_detail(request.user, pk)
        data = SuspectCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        person = selectors.person_for(request.user, d["person"]) if d.get("person") else None
        suspect = call(
            services.add_suspect,
            request.user,
            fir,
            person=person,
            person_data={k: d[k] for k in PERSON_FIELDS if k in d},
            roles=d.get("roles", []),
            aliases=d.get("aliases", []),
            network=d.get("network", ""),
            arrested_on=d.get("arrested_on") or None,
        )
        return Response(SuspectSerializer(suspect).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ChargeCreateSerializer, responses=ChargeSerializer)
    @action(detail=True, methods=["post"])
    def charges(self, request: Request, pk: Any = None) -> Response:
        fir = selectors.fir_detail(request.user, pk)
        data = ChargeCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        suspect = selectors.suspect_of(fir, d["suspect"])
        found = call(
            services.charge, request.user, suspect, d["offence"], d["court"], d["filed_on"]
        )
        return Response(ChargeSerializer(found).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=VerdictSerializer, responses=ChargeSerializer)
    @action(detail=True, methods=["post"], url_path=r"charges/(?P<charge>\d+)/verdict")
    def verdict(self, request: Request, pk: Any = None, charge: Any = None) -> Response:
        fir = selectors.fir_detail(request.user, pk)
        found = selectors.charge_of(fir, charge)
        data = VerdictSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        decided = call(
            services.record_verdict,
            request.user,
            found,
            d["outcome"],
            d.get("decided_on") or None,
            d.get("imprisonment_months"),
            d.get("fine_pkr"),
            version=d["version"],
        )
        return Response(ChargeSerializer(decided).data)

    @extend_schema(request=StatusSerializer, responses=FirSerializer)
    @action(detail=True, methods=["post"])
    def status(self, request: Request, pk: Any = None) -> Response:
        """Move the investigation on: registered, under investigation, challan, untraced,
        cancelled."""
        fir = selectors.fir_detail(request.user, pk)
        data = StatusSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        fir = call(services.set_fir_status, request.user, fir, d["status"], d["version"])
        return Response(self._show(fir))

    @extend_schema(request=ShareCreateSerializer, responses=ShareSerializer)
    @action(detail=True, methods=["post"])
    def shares(self, request: Request, pk: Any = None) -> Response:
        """Share the file with another agency: `view` to read it, `prosecute` to also record
        charges, hearings, verdicts and appeals. The registering agency only."""
        fir = selectors.fir_detail(request.user, pk)
        data = ShareCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        share = call(
            services.share_fir, request.user, fir, d["organisation"], d["access"], d["reason"]
        )
        return Response(ShareSerializer(share).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["delete"], url_path=r"shares/(?P<share>\d+)")
    def end_share(self, request: Request, pk: Any = None, share: Any = None) -> Response:
        fir = selectors.fir_detail(request.user, pk)
        call(services.end_share, request.user, selectors.share_of(fir, share))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=HearingCreateSerializer, responses=HearingSerializer)
    @action(detail=True, methods=["post"])
    def hearings(self, request: Request, pk: Any = None) -> Response:
        fir = selectors.fir_detail(request.user, pk)
        data = HearingCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        hearing = call(services.add_hearing, request.user, fir, data.validated_data)
        return Response(HearingSerializer(hearing).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CaseLinkSerializer, responses=FirSerializer)
    @action(detail=True, methods=["post"])
    def cases(self, request: Request, pk: Any = None) -> Response:
        """Link a case the user may see to the FIR after its registration."""
        fir = selectors.fir_detail(request.user, pk)
        data = CaseLinkSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = selectors.case_for(request.user, data.validated_data["case"])
        call(services.link_case, request.user, fir, case)
        return Response(self._show(fir), status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["delete"], url_path=r"cases/(?P<case>\d+)")
    def unlink_case(self, request: Request, pk: Any = None, case: Any = None) -> Response:
        fir = selectors.fir_detail(request.user, pk)
        found = selectors.case_for(request.user, case)
        call(services.unlink_case, request.user, fir, found)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=VictimLinkSerializer, responses=SuspectSerializer)
    @action(detail=True, methods=["post"], url_path=r"suspects/(?P<suspect>\d+)/victims")
    def victims(self, request: Request, pk: Any = None, suspect: Any = None) -> Response:
        """Connect a suspect with a victim of one of the FIR's linked cases."""
        fir = selectors.fir_detail(request.user, pk)
        found = selectors.suspect_of(fir, suspect)
        data = VictimLinkSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person = selectors.person_for(request.user, data.validated_data["person"])
        call(services.link_victim, request.user, found, person)
        return Response(SuspectSerializer(found).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=SeizureCreateSerializer, responses=SeizureSerializer)
    @action(detail=True, methods=["post"])
    def seizures(self, request: Request, pk: Any = None) -> Response:
        fir = selectors.fir_detail(request.user, pk)
        data = SeizureCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        seizure = call(
            services.add_seizure,
            request.user,
            fir,
            d["seized_on"],
            d["description"],
            d.get("value_pkr"),
        )
        return Response(SeizureSerializer(seizure).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AppealSerializer, responses=ChargeSerializer)
    @action(detail=True, methods=["post"], url_path=r"charges/(?P<charge>\d+)/appeal")
    def appeal(self, request: Request, pk: Any = None, charge: Any = None) -> Response:
        fir = selectors.fir_detail(request.user, pk)
        found = selectors.charge_of(fir, charge)
        data = AppealSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        appealed = call(
            services.record_appeal,
            request.user,
            found,
            d["filed_on"],
            d["court"],
            d["outcome"],
            version=d["version"],
        )
        return Response(ChargeSerializer(appealed).data)

    @extend_schema(responses={200: None})
    @action(detail=False, methods=["get"])
    def statistics(self, request: Request) -> Response:
        """Persons suspected, prosecuted and convicted per year, by sex, age group,
        citizenship and offence group (no names)."""
        rows = selectors.statistics(request.user)
        if rows is None:
            raise PermissionDenied("you may not see criminal-justice statistics")
        return Response(rows)


class WatchlistSerializer(serializers.ModelSerializer):
    class Meta:
        model = WatchlistEntry
        fields = [
            "id",
            "organisation",
            "first_name",
            "family_name",
            "father_name",
            "birth_year",
            "reason",
            "is_active",
        ]


class WatchlistCreateSerializer(StrictSerializer):
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    first_name = serializers.CharField(required=False, allow_blank=True, default="")
    family_name = serializers.CharField(required=False, allow_blank=True, default="")
    father_name = serializers.CharField(required=False, allow_blank=True, default="")
    aliases = serializers.ListField(child=serializers.CharField(), required=False)
    document = serializers.CharField(required=False, allow_blank=True, default="")
    birth_year = serializers.IntegerField(required=False)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class WatchlistViewSet(viewsets.ReadOnlyModelViewSet):
    """The wanted-persons list. POST adds an entry for the user's agency."""

    serializer_class = WatchlistSerializer
    queryset = WatchlistEntry.objects.none()

    def get_queryset(self) -> Any:
        return selectors.watchlist(self.request.user)

    @extend_schema(request=WatchlistCreateSerializer, responses=WatchlistSerializer)
    def create(self, request: Request) -> Response:
        data = WatchlistCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        organisation = fields.pop("organisation")
        entry = call(services.add_to_watchlist, request.user, organisation, fields)
        return Response(WatchlistSerializer(entry).data, status=status.HTTP_201_CREATED)


class HitSerializer(serializers.ModelSerializer):
    class Meta:
        model = WatchlistHit
        fields = ["id", "entry", "person", "points", "reasons", "status", "created_at"]


class HitDecisionSerializer(StrictSerializer):
    status = serializers.ChoiceField(
        choices=[c.HitStatus.CONFIRMED, c.HitStatus.DISMISSED],
        error_messages={
            "invalid_choice": '"{input}" is not allowed; allowed: confirmed, dismissed'
        },
    )


class HitViewSet(viewsets.ReadOnlyModelViewSet):
    """Watchlist hits for the listing agency's investigators; ``?status=open`` (default)."""

    serializer_class = HitSerializer
    queryset = WatchlistHit.objects.none()

    def get_queryset(self) -> Any:
        status = self.request.query_params.get("status", "open") if self.action == "list" else ""
        return selectors.hits(self.request.user, status)

    @extend_schema(request=HitDecisionSerializer, responses=HitSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: Any = None) -> Response:
        hit = get_restricted(WatchlistHit.objects.all(), request.user, pk)
        data = HitDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        decided = call(services.decide_hit, request.user, hit, data.validated_data["status"])
        return Response(HitSerializer(decided).data)
