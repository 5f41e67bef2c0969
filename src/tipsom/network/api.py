"""REST API of the network's coordination: members (and their status and focal points),
meetings (agenda, attendance, minutes), decisions and action points (with their status), over
the same services and selectors as the pages."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from tipsom.cases.api import StrictSerializer, choice
from tipsom.core.api import service_call as call
from tipsom.core.choices import NetworkStatus
from tipsom.core.models import Organisation
from tipsom.network import choices as c
from tipsom.network import selectors, services
from tipsom.network.models import (
    ActionPoint,
    AgendaItem,
    Attendance,
    Decision,
    FocalPoint,
    GovernanceTerm,
    Meeting,
)

# --- reading ---------------------------------------------------------------------------------


class FocalPointSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)
    name = serializers.SerializerMethodField()

    class Meta:
        model = FocalPoint
        fields = ["id", "user", "username", "name", "kind", "designated_at"]

    def get_name(self, found: FocalPoint) -> str:
        return found.user.get_full_name() or found.user.username


class GovernanceTermSerializer(serializers.ModelSerializer):
    class Meta:
        model = GovernanceTerm
        fields = ["id", "role", "starts_on", "ends_on", "note"]


class NetworkMemberSerializer(serializers.ModelSerializer):
    focal_points = FocalPointSerializer(source="network_focal_points", many=True, read_only=True)
    governance = GovernanceTermSerializer(source="network_governance", many=True, read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "acronym",
            "type",
            "network_status",
            "joined_network_on",
            "focal_points",
            "governance",
        ]


class AgendaItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgendaItem
        fields = ["id", "position", "title", "presenter", "notes", "gcm_objectives", "sdg_targets"]


class MeetingAttendanceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attendance
        fields = ["id", "organisation", "person", "status"]


class MeetingDecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Decision
        fields = [
            "id",
            "meeting",
            "number",
            "text",
            "agenda_item",
            "gcm_objectives",
            "sdg_targets",
            "created_at",
        ]


class ActionPointSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = ActionPoint
        fields = [
            "id",
            "reference",
            "version",
            "meeting",
            "decision",
            "title",
            "description",
            "owner",
            "due_on",
            "status",
            "status_note",
            "is_overdue",
            "closed_by",
            "closed_at",
            "gcm_objectives",
            "sdg_targets",
            "created_at",
        ]


class NetworkMeetingSerializer(serializers.ModelSerializer):
    agenda = AgendaItemSerializer(many=True, read_only=True)
    attendance = MeetingAttendanceSerializer(many=True, read_only=True)
    decisions = MeetingDecisionSerializer(many=True, read_only=True)
    action_points = ActionPointSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "version",
            "title",
            "group",
            "starts_at",
            "ends_at",
            "location",
            "status",
            "cancel_reason",
            "minutes",
            "minutes_approved_at",
            "minutes_approved_by",
            "gcm_objectives",
            "sdg_targets",
            "agenda",
            "attendance",
            "decisions",
            "action_points",
        ]


class NetworkMeetingListSerializer(serializers.ModelSerializer):
    class Meta:
        model = Meeting
        fields = ["id", "title", "group", "starts_at", "location", "status", "gcm_objectives"]


# --- writing ---------------------------------------------------------------------------------


def tag_fields() -> dict[str, Any]:
    # Raw values: the service says which are not GCM objectives or SDG targets, and why.
    return {
        "gcm_objectives": serializers.ListField(child=serializers.CharField(), required=False),
        "sdg_targets": serializers.ListField(child=serializers.CharField(), required=False),
    }


class NetworkMembershipSerializer(StrictSerializer):
    network_status = choice(NetworkStatus)
    joined_network_on = serializers.CharField(required=False, allow_blank=True, allow_null=True)


class FocalPointCreateSerializer(StrictSerializer):
    user = serializers.IntegerField()
    kind = choice(c.FocalPointKind, required=False, default=c.FocalPointKind.PRIMARY)


class MeetingWriteSerializer(StrictSerializer):
    title = serializers.CharField(required=False, allow_blank=True)
    group = serializers.IntegerField(required=False, allow_null=True)
    starts_at = serializers.CharField(required=False, allow_blank=True)
    ends_at = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    location = serializers.CharField(required=False, allow_blank=True)
    gcm_objectives = tag_fields()["gcm_objectives"]
    sdg_targets = tag_fields()["sdg_targets"]


class MeetingPatchSerializer(MeetingWriteSerializer):
    version = serializers.IntegerField()


class AgendaCreateSerializer(StrictSerializer):
    title = serializers.CharField(allow_blank=True)
    presenter = serializers.IntegerField(required=False, allow_null=True)
    notes = serializers.CharField(required=False, allow_blank=True)
    gcm_objectives = tag_fields()["gcm_objectives"]
    sdg_targets = tag_fields()["sdg_targets"]


class MeetingAttendanceCreateSerializer(StrictSerializer):
    organisation = serializers.IntegerField()
    person = serializers.IntegerField(required=False, allow_null=True)
    status = choice(c.AttendanceStatus, required=False, default=c.AttendanceStatus.PRESENT)


class MeetingMinutesSerializer(StrictSerializer):
    minutes = serializers.CharField(allow_blank=True)
    version = serializers.IntegerField()


class MinutesApprovalSerializer(StrictSerializer):
    version = serializers.IntegerField()


class MeetingCancelSerializer(StrictSerializer):
    reason = serializers.CharField(allow_blank=True)
    version = serializers.IntegerField()


class MeetingDecisionCreateSerializer(StrictSerializer):
    meeting = serializers.IntegerField()
    text = serializers.CharField(allow_blank=True)
    agenda_item = serializers.IntegerField(required=False, allow_null=True)
    gcm_objectives = tag_fields()["gcm_objectives"]
    sdg_targets = tag_fields()["sdg_targets"]


class ActionPointCreateSerializer(StrictSerializer):
    meeting = serializers.IntegerField(required=False, allow_null=True)
    decision = serializers.IntegerField(required=False, allow_null=True)
    title = serializers.CharField(required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)
    owner = serializers.IntegerField(required=False, allow_null=True)
    due_on = serializers.CharField(required=False, allow_blank=True)
    gcm_objectives = tag_fields()["gcm_objectives"]
    sdg_targets = tag_fields()["sdg_targets"]


class ActionPointPatchSerializer(StrictSerializer):
    version = serializers.IntegerField()
    title = serializers.CharField(required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)
    owner = serializers.IntegerField(required=False)
    due_on = serializers.CharField(required=False, allow_blank=True)
    gcm_objectives = tag_fields()["gcm_objectives"]
    sdg_targets = tag_fields()["sdg_targets"]


class ActionPointStatusSerializer(StrictSerializer):
    status = choice(c.ActionStatus)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(required=False, allow_null=True)


def _resolve(field: str, value: Any, find: Any, what: str) -> Any:
    """The row an id in the body names, read through a selector; an unknown (or unseen) id
    is a 400 naming the field, not a 404 for the whole request."""
    if value is None:
        return None
    try:
        return find(value)
    except Http404 as missing:
        raise ValidationError({field: [f"no {what} #{value}"]}) from missing


def _row(queryset: Any, pk: Any) -> Any:
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _runs(request: Request, resource: str) -> None:
    """Writes of the network's record are the secretariat's: refused before the body is
    read (the service checks again)."""
    if not selectors.runs_network(request.user, resource):
        raise PermissionDenied("only the network secretariat records this")


def _organisation(user: Any, field: str, value: Any) -> Any:
    return _resolve(field, value, lambda pk: selectors.organisation(user, pk), "organisation")


# --- viewsets --------------------------------------------------------------------------------


class MemberViewSet(viewsets.ReadOnlyModelViewSet):
    """Member and observer organisations with their focal points and governance terms.
    POST /<organisation>/status/ admits an organisation, changes its status, or records that
    it left; /focal-points/ designates a focal point (the secretariat)."""

    serializer_class = NetworkMemberSerializer
    queryset = Organisation.objects.none()

    def get_queryset(self) -> Any:
        return selectors.members(self.request.user)

    @extend_schema(request=NetworkMembershipSerializer, responses=NetworkMemberSerializer)
    @action(detail=True, methods=["post"])
    def status(self, request: Request, pk: Any = None) -> Response:
        organisation = selectors.organisation(request.user, pk)
        _runs(request, "networkmember")
        data = NetworkMembershipSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        call(
            services.set_membership,
            request.user,
            organisation,
            d["network_status"],
            d.get("joined_network_on"),
        )
        found = selectors.members(request.user).filter(pk=organisation.pk).first()
        return Response(NetworkMemberSerializer(found or organisation).data)

    @extend_schema(request=FocalPointCreateSerializer, responses=FocalPointSerializer)
    @action(detail=True, methods=["post"], url_path="focal-points")
    def focal_points(self, request: Request, pk: Any = None) -> Response:
        organisation = selectors.member(request.user, pk)
        _runs(request, "networkmember")
        data = FocalPointCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        staff = selectors.staff_of(organisation)
        user = _resolve("user", d["user"], lambda u: _row(staff, u), "user of this organisation")
        found = call(services.add_focal_point, request.user, organisation, user, d["kind"])
        return Response(FocalPointSerializer(found).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["delete"], url_path=r"focal-points/(?P<focal_point>\d+)")
    def remove_focal_point(
        self, request: Request, pk: Any = None, focal_point: Any = None
    ) -> Response:
        organisation = selectors.member(request.user, pk)
        _runs(request, "networkmember")
        found = selectors.focal_point_of(request.user, organisation, focal_point)
        call(services.remove_focal_point, request.user, found)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeetingViewSet(viewsets.ReadOnlyModelViewSet):
    """Meetings of the network (``?plenary=1``) or of a working group (``?group=<id>``);
    ``?upcoming=1`` those to come. POST schedules one, PATCH (with ``version``) reschedules
    it; /agenda/, /attendance/, /minutes/, /approve-minutes/ and /cancel/ (the secretariat).
    Decisions and action points are POSTed to their own collections."""

    serializer_class = NetworkMeetingSerializer
    queryset = Meeting.objects.none()
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_serializer_class(self) -> Any:
        return NetworkMeetingListSerializer if self.action == "list" else NetworkMeetingSerializer

    def get_queryset(self) -> Any:
        found = selectors.meetings(self.request.user, self.request.query_params.dict())
        if self.action != "list":
            found = found.prefetch_related("agenda", "attendance", "decisions", "action_points")
        return found

    def _fields(self, request: Request, data: dict[str, Any]) -> dict[str, Any]:
        if "group" in data:
            data["group"] = _resolve(
                "group", data["group"], lambda pk: selectors.group(request.user, pk), "group"
            )
        return data

    def _show(self, meeting: Meeting) -> Any:
        return NetworkMeetingSerializer(selectors.meeting(self.request.user, meeting.pk)).data

    @extend_schema(request=MeetingWriteSerializer, responses=NetworkMeetingSerializer)
    def create(self, request: Request) -> Response:
        _runs(request, "networkmeeting")
        data = MeetingWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = self._fields(request, dict(data.validated_data))
        meeting = call(services.schedule_meeting, request.user, fields)
        return Response(self._show(meeting), status=status.HTTP_201_CREATED)

    @extend_schema(request=MeetingPatchSerializer, responses=NetworkMeetingSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        meeting = selectors.meeting(request.user, kwargs["pk"])
        _runs(request, "networkmeeting")
        data = MeetingPatchSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = self._fields(request, dict(data.validated_data))
        if "version" not in fields:
            raise ValidationError({"version": ["send the version you read (for no lost updates)"]})
        version = fields.pop("version")
        call(services.update_meeting, request.user, meeting, fields, version)
        return Response(self._show(meeting))

    @extend_schema(request=AgendaCreateSerializer, responses=AgendaItemSerializer)
    @action(detail=True, methods=["post"])
    def agenda(self, request: Request, pk: Any = None) -> Response:
        meeting = selectors.meeting(request.user, pk)
        _runs(request, "networkmeeting")
        data = AgendaCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        if "presenter" in d:
            d["presenter"] = _organisation(request.user, "presenter", d["presenter"])
        item = call(services.add_agenda_item, request.user, meeting, d)
        return Response(AgendaItemSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MeetingAttendanceCreateSerializer, responses=MeetingAttendanceSerializer)
    @action(detail=True, methods=["post"])
    def attendance(self, request: Request, pk: Any = None) -> Response:
        meeting = selectors.meeting(request.user, pk)
        _runs(request, "networkmeeting")
        data = MeetingAttendanceCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        organisation = _organisation(request.user, "organisation", d["organisation"])
        people = selectors.people(request.user)
        person = _resolve("person", d.get("person"), lambda u: _row(people, u), "person")
        found = call(
            services.record_attendance, request.user, meeting, organisation, d["status"], person
        )
        return Response(MeetingAttendanceSerializer(found).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MeetingMinutesSerializer, responses=NetworkMeetingSerializer)
    @action(detail=True, methods=["post"])
    def minutes(self, request: Request, pk: Any = None) -> Response:
        """Write the draft minutes (a meeting that has begun, minutes not yet approved)."""
        meeting = selectors.meeting(request.user, pk)
        _runs(request, "networkmeeting")
        data = MeetingMinutesSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        call(services.record_minutes, request.user, meeting, d["minutes"], d["version"])
        return Response(self._show(meeting))

    @extend_schema(request=MinutesApprovalSerializer, responses=NetworkMeetingSerializer)
    @action(detail=True, methods=["post"], url_path="approve-minutes")
    def approve_minutes(self, request: Request, pk: Any = None) -> Response:
        """Approve the minutes: the meeting's record (agenda, attendance, minutes, decisions)
        is then closed."""
        meeting = selectors.meeting(request.user, pk)
        _runs(request, "networkmeeting")
        data = MinutesApprovalSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        call(services.approve_minutes, request.user, meeting, data.validated_data["version"])
        return Response(self._show(meeting))

    @extend_schema(request=MeetingCancelSerializer, responses=NetworkMeetingSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: Any = None) -> Response:
        meeting = selectors.meeting(request.user, pk)
        _runs(request, "networkmeeting")
        data = MeetingCancelSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        call(services.cancel_meeting, request.user, meeting, d["reason"], d["version"])
        return Response(self._show(meeting))


class DecisionViewSet(viewsets.ReadOnlyModelViewSet):
    """Decisions of the network's meetings (``?meeting=<id>``). POST records one at a meeting
    that has begun (the secretariat)."""

    serializer_class = MeetingDecisionSerializer
    queryset = Decision.objects.none()

    def get_queryset(self) -> Any:
        return selectors.decisions(self.request.user, self.request.query_params.dict())

    @extend_schema(request=MeetingDecisionCreateSerializer, responses=MeetingDecisionSerializer)
    def create(self, request: Request) -> Response:
        _runs(request, "networkmeeting")
        data = MeetingDecisionCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        meeting = _resolve(
            "meeting", d.pop("meeting"), lambda pk: selectors.meeting(request.user, pk), "meeting"
        )
        if d.get("agenda_item") is not None:
            d["agenda_item"] = _resolve(
                "agenda_item",
                d["agenda_item"],
                lambda pk: selectors.agenda_item_of(meeting, pk),
                "agenda item of this meeting",
            )
        found = call(services.record_decision, request.user, meeting, d)
        return Response(MeetingDecisionSerializer(found).data, status=status.HTTP_201_CREATED)


class ActionPointViewSet(viewsets.ReadOnlyModelViewSet):
    """Action points: ``?mine=1`` (the user's organisations'), ``?status=`` (open,
    in_progress, done, cancelled, or pending), ``?overdue=1``, ``?meeting=``, ``?owner=``.
    POST sets one (the secretariat), PATCH changes it (the secretariat, with ``version``);
    /status/ moves it along: its owner organisation's focal points, supervisors and admins,
    and the secretariat (who alone cancels or reopens)."""

    serializer_class = ActionPointSerializer
    queryset = ActionPoint.objects.none()
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        return selectors.action_points(self.request.user, self.request.query_params.dict())

    def _fields(self, request: Request, d: dict[str, Any]) -> dict[str, Any]:
        user = request.user
        if "owner" in d:
            d["owner"] = _organisation(user, "owner", d["owner"])
        if d.get("meeting") is not None:
            d["meeting"] = _resolve(
                "meeting", d["meeting"], lambda pk: selectors.meeting(user, pk), "meeting"
            )
        if d.get("decision") is not None:
            d["decision"] = _resolve(
                "decision", d["decision"], lambda pk: selectors.decision(user, pk), "decision"
            )
        return d

    @extend_schema(request=ActionPointCreateSerializer, responses=ActionPointSerializer)
    def create(self, request: Request) -> Response:
        _runs(request, "actionpoint")
        data = ActionPointCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = self._fields(request, dict(data.validated_data))
        point = call(services.add_action_point, request.user, fields)
        return Response(ActionPointSerializer(point).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ActionPointPatchSerializer, responses=ActionPointSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        point = selectors.action_point(request.user, kwargs["pk"])
        _runs(request, "actionpoint")
        data = ActionPointPatchSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = self._fields(request, dict(data.validated_data))
        if "version" not in fields:
            raise ValidationError({"version": ["send the version you read (for no lost updates)"]})
        version = fields.pop("version")
        call(services.update_action_point, request.user, point, fields, version)
        return Response(ActionPointSerializer(point).data)

    @extend_schema(request=ActionPointStatusSerializer, responses=ActionPointSerializer)
    @action(detail=True, methods=["post"])
    def status(self, request: Request, pk: Any = None) -> Response:
        point = selectors.action_point(request.user, pk)
        data = ActionPointStatusSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        call(services.set_status, request.user, point, d["status"], d["note"], d.get("version"))
        return Response(ActionPointSerializer(point).data)
