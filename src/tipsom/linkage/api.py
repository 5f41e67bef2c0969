"""REST API of record linkage, over the same services and selectors as the pages."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from tipsom.cases.api import StrictSerializer, choice
from tipsom.cases.choices import CaseRoleType
from tipsom.core.api import service_call as call
from tipsom.core.querysets import access_for
from tipsom.core.selectors import get_restricted
from tipsom.linkage import choices as c
from tipsom.linkage import selectors, services
from tipsom.linkage.models import Decision, Identity, LinkageRun, MatchPair


class RunSerializer(serializers.ModelSerializer):
    started_by = serializers.CharField(source="started_by.username", default=None)

    class Meta:
        model = LinkageRun
        fields = [
            "id",
            "kind",
            "status",
            "started_by",
            "job",
            "created_at",
            "finished_at",
            "records",
            "pairs",
            "linked",
            "pending",
            "identities",
            "seconds",
            "match_threshold",
            "review_threshold",
            "model_version",
            "error",
        ]


class RunCreateSerializer(StrictSerializer):
    kind = choice(c.RunKind, required=False, default=c.RunKind.FULL)


class RunViewSet(viewsets.ReadOnlyModelViewSet):
    """Linkage runs, newest first. POST starts one (``kind``: full or incremental)."""

    serializer_class = RunSerializer
    queryset = LinkageRun.objects.none()

    def get_queryset(self) -> Any:
        return selectors.runs(self.request.user)

    @extend_schema(request=RunCreateSerializer, responses=RunSerializer)
    def create(self, request: Request) -> Response:
        data = RunCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        run = call(services.start_run, request.user, data.validated_data["kind"])
        return Response(RunSerializer(run).data, status=status.HTTP_201_CREATED)


class PairSerializer(serializers.ModelSerializer):
    """A pair; a side's person id only where the user may open that record."""

    left = serializers.SerializerMethodField()
    right = serializers.SerializerMethodField()
    left_organisation = serializers.SerializerMethodField()
    right_organisation = serializers.SerializerMethodField()

    def get_left(self, pair: MatchPair) -> int | None:
        return selectors.visible_person_id(self.context["request"].user, pair.left_id)

    def get_right(self, pair: MatchPair) -> int | None:
        return selectors.visible_person_id(self.context["request"].user, pair.right_id)

    def get_left_organisation(self, pair: MatchPair) -> str:
        return selectors.organisation_label(pair.left.organisation)

    def get_right_organisation(self, pair: MatchPair) -> str:
        return selectors.organisation_label(pair.right.organisation)

    class Meta:
        model = MatchPair
        fields = [
            "id",
            "left",
            "right",
            "left_organisation",
            "right_organisation",
            "probability",
            "weight",
            "status",
            "explanation",
            "decided_at",
        ]


class PairFilterSerializer(StrictSerializer):
    status = choice(c.PairStatus, required=False, default=c.PairStatus.PENDING)
    limit = serializers.IntegerField(required=False, min_value=1)
    offset = serializers.IntegerField(required=False, min_value=0)


class NoteSerializer(StrictSerializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class DetachSerializer(StrictSerializer):
    """Name the member by ``member`` (as the identity lists them) or, for a record the user
    may open, by ``person``."""

    member = serializers.IntegerField(required=False)
    person = serializers.IntegerField(required=False)
    note = serializers.CharField()


class LinkageDecisionSerializer(serializers.ModelSerializer):
    """A decision, naming persons only where the user may open their record (the audit log
    keeps every membership it changed)."""

    actor = serializers.CharField(source="actor.username", default=None)
    person = serializers.SerializerMethodField()
    identities_changed = serializers.SerializerMethodField()
    undone = serializers.SerializerMethodField()

    class Meta:
        model = Decision
        fields = [
            "id",
            "kind",
            "actor",
            "created_at",
            "pair",
            "person",
            "identity",
            "note",
            "identities_changed",
            "undoes",
            "undone",
        ]

    def get_person(self, decision: Decision) -> int | None:
        return selectors.visible_person_id(self.context["request"].user, decision.person_id)

    def get_identities_changed(self, decision: Decision) -> int:
        """How many persons the decision moved into, out of or between identities."""
        before, after = decision.members_before, decision.members_after
        return sum(1 for key, value in after.items() if before.get(key) != value)

    def get_undone(self, decision: Decision) -> bool:
        return selectors.is_undone(decision)


class PairViewSet(viewsets.ReadOnlyModelViewSet):
    """Scored pairs involving the user's organisation's persons; ``?status=pending`` (the
    default) is the review queue, surest first. A pair's page shows both persons' compared
    fields (numbers cut to their last digits) and what each field added to the score."""

    serializer_class = PairSerializer
    queryset = MatchPair.objects.none()

    def get_queryset(self) -> Any:
        filters = PairFilterSerializer(data=self.request.query_params.dict())
        filters.is_valid(raise_exception=True)
        return selectors.pairs(self.request.user, filters.validated_data["status"])

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        detail = selectors.pair_detail(request.user, kwargs["pk"])
        return Response(
            {
                **PairSerializer(detail["pair"], context={"request": request}).data,
                "compared": detail["rows"],
                "can_decide": detail["can_decide"],
            }
        )

    def _decide(self, request: Request, pk: Any, fn: Any) -> Response:
        pair = get_restricted(MatchPair.objects.all(), request.user, pk)
        data = NoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        decision = call(fn, request.user, pair, data.validated_data["note"])
        return Response(
            LinkageDecisionSerializer(decision, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=NoteSerializer, responses=LinkageDecisionSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: Any = None) -> Response:
        """The two persons are one: their identities join."""
        return self._decide(request, pk, services.confirm)

    @extend_schema(request=NoteSerializer, responses=LinkageDecisionSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: Any = None) -> Response:
        """The two persons are different (a note is required for a pair linked by score)."""
        return self._decide(request, pk, services.reject)


class IdentitySerializer(serializers.Serializer):
    id = serializers.IntegerField(source="identity.pk")
    organisations = serializers.ListField(child=serializers.CharField())
    members = serializers.SerializerMethodField()

    def get_members(self, detail: dict[str, Any]) -> list[dict[str, Any]]:
        return [
            {
                "member": m.member_id,
                "person": m.person_id if m.visible else None,
                "organisation": m.organisation,
                "roles": m.roles,
            }
            for m in detail["members"]
        ]


class IdentityViewSet(viewsets.GenericViewSet):
    """One person as the network knows them: which organisations hold a record of them and
    in which case roles; the person's id only where the user may open that record."""

    queryset = Identity.objects.none()
    serializer_class = IdentitySerializer

    def retrieve(self, request: Request, pk: Any = None) -> Response:
        return Response(IdentitySerializer(selectors.identity_detail(request.user, pk)).data)

    @extend_schema(request=DetachSerializer, responses=LinkageDecisionSerializer)
    @action(detail=True, methods=["post"])
    def detach(self, request: Request, pk: Any = None) -> Response:
        """Take a person out of this identity (they are not the others); needs a note."""
        identity = get_restricted(Identity.objects.all(), request.user, pk, "change")
        data = DetachSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        named = data.validated_data
        if "member" not in named and "person" not in named:
            raise serializers.ValidationError({"member": ["name the member to take out"]})
        person = selectors.member_of(
            request.user, identity, member=named.get("member"), person=named.get("person")
        )
        if person is None:
            raise serializers.ValidationError({"person": ["this person is not in this identity"]})
        decision = call(services.detach, request.user, person, data.validated_data["note"])
        return Response(
            LinkageDecisionSerializer(decision, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class DecisionViewSet(viewsets.ReadOnlyModelViewSet):
    """Reviewers' decisions on the user's organisation's persons, newest first."""

    serializer_class = LinkageDecisionSerializer
    queryset = Decision.objects.none()

    def get_queryset(self) -> Any:
        return selectors.decisions(self.request.user)

    @extend_schema(request=NoteSerializer, responses=LinkageDecisionSerializer)
    @action(detail=True, methods=["post"])
    def undo(self, request: Request, pk: Any = None) -> Response:
        """Put back what the decision changed (an unmerge, for a confirmation)."""
        decision = get_restricted(Decision.objects.all(), request.user, pk, "change")
        data = NoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        undone = call(services.undo, request.user, decision, data.validated_data["note"])
        return Response(
            LinkageDecisionSerializer(undone, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class CountFilterSerializer(StrictSerializer):
    role = choice(CaseRoleType, required=False, allow_blank=True)


class CountViewSet(viewsets.ViewSet):
    """Distinct persons for the statistics: records, persons after linkage, persons by
    organisation, and how many persons each combination of registers holds. ``?role=`` keeps
    persons in that case role (default: every client: victims, smuggled migrants,
    returnees). No names, no ids."""

    def _persons(self, request: Request) -> Any:
        if access_for(request.user, "linkagecount", "view").none:
            raise PermissionDenied("you may not see linkage counts")
        filters = CountFilterSerializer(data=request.query_params.dict())
        filters.is_valid(raise_exception=True)
        return selectors.client_persons(filters.validated_data.get("role") or None)

    @extend_schema(parameters=[CountFilterSerializer], responses={200: None})
    def list(self, request: Request) -> Response:
        return Response(selectors.counts(self._persons(request)))

    @extend_schema(parameters=[CountFilterSerializer], responses={200: None})
    @action(detail=False, methods=["get"])
    def registers(self, request: Request) -> Response:
        """Each distinct person (a pseudonym) with the organisations whose registers hold
        them: the input of multiple systems estimation."""
        return Response(selectors.registers(self._persons(request)))
