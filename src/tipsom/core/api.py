"""REST API of the core app: the same selectors and services as the pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from tipsom.core import selectors, services
from tipsom.core.concurrency import StaleEdit
from tipsom.core.models import AuditEntry, ContactPoint, Job, Notification, Organisation, User


def service_call(fn: Any, *args: Any, **kwargs: Any) -> Any:
    """Run a service; its errors become API errors that name the field (409 for stale edits).

    The one translation of service errors for every app's API.
    """
    try:
        return fn(*args, **kwargs)
    except StaleEdit as stale:
        raise StaleEditError(stale) from stale
    except DjangoValidationError as exc:
        raise ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        ) from exc
    except DjangoPermissionDenied as exc:
        raise PermissionDenied(str(exc)) from exc


class StaleEditError(ValidationError):
    status_code = status.HTTP_409_CONFLICT

    def __init__(self, stale: StaleEdit) -> None:
        super().__init__({"version": [str(stale)]})
        # Set after DRF's coercion of every value to text: clients need the number as a number.
        detail: Any = {
            "version": [str(stale)],
            "current_version": stale.current_version,
            "changed_fields": stale.changed_fields,
        }
        self.detail = detail


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "acronym",
            "type",
            "parent",
            "country",
            "province",
            "district",
            "network_status",
            "joined_network_on",
            "website",
            "is_active",
        ]


class OrganisationViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    serializer_class = OrganisationSerializer
    queryset = Organisation.objects.none()

    def get_queryset(self) -> Any:
        return selectors.organisations(self.request.user, self.request.query_params.dict())

    def get_object(self) -> Any:
        action = "view" if self.request.method in ("GET", "HEAD", "OPTIONS") else "change"
        return selectors.get_restricted(
            Organisation.objects.all(), self.request.user, self.kwargs["pk"], action
        )

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = service_call(
            services.create_organisation, self.request.user, serializer.validated_data
        )

    def perform_update(self, serializer: Any) -> None:
        service_call(
            services.update_organisation,
            self.request.user,
            serializer.instance,
            serializer.validated_data,
        )


class ContactPointSerializer(serializers.ModelSerializer):
    class Meta:
        model = ContactPoint
        fields = ["id", "organisation", "name", "title", "email", "phone", "is_primary"]


class ContactPointViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ContactPointSerializer
    queryset = ContactPoint.objects.none()

    def get_queryset(self) -> Any:
        return selectors.all_contact_points(self.request.user)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        rows = [ContactPoint(pk=r["id"]) for r in response.data.get("results", [])]
        selectors.record_view(request.user, rows, summary="listed contact points (API)")
        return response

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        contact = selectors.get_restricted(ContactPoint.objects.all(), request.user, kwargs["pk"])
        selectors.record_view(request.user, contact)
        return Response(self.get_serializer(contact).data)


class MembershipSerializer(serializers.Serializer):
    organisation = serializers.IntegerField(source="organisation_id")
    role = serializers.CharField()


class UserSerializer(serializers.ModelSerializer):
    memberships = MembershipSerializer(many=True, read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "first_name", "last_name", "email", "is_active", "memberships"]


class UserViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = UserSerializer
    queryset = User.objects.none()

    def get_queryset(self) -> Any:
        return selectors.users(self.request.user, self.request.query_params.dict())

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(self.get_serializer(selectors.user_detail(request.user, kwargs["pk"])).data)


class AuditEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEntry
        fields = [
            "seq",
            "created_at",
            "actor_username",
            "organisation",
            "action",
            "object_type",
            "object_id",
            "summary",
            "changes",
            "ip_address",
            "entry_hash",
        ]


class AuditEntryViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AuditEntrySerializer
    queryset = AuditEntry.objects.none()

    def get_queryset(self) -> Any:
        return selectors.audit_entries(self.request.user, self.request.query_params.dict())


class JobSerializer(serializers.ModelSerializer):
    class Meta:
        model = Job
        fields = [
            "id",
            "kind",
            "status",
            "progress",
            "messages",
            "result",
            "created_at",
            "started_at",
            "finished_at",
        ]


class JobViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = JobSerializer
    queryset = Job.objects.none()

    def get_queryset(self) -> Any:
        return selectors.jobs(self.request.user)


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "kind", "subject", "body", "url", "created_at", "read_at"]


class MarkReadSerializer(serializers.Serializer):
    ids = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)


class NotificationViewSet(viewsets.ReadOnlyModelViewSet):
    """The user's own inbox, newest first; ``?unread=1`` for unread only."""

    serializer_class = NotificationSerializer
    queryset = Notification.objects.none()

    def get_queryset(self) -> Any:
        unread = self.request.query_params.get("unread") in ("1", "true", "yes")
        return selectors.notifications(self.request.user, unread=unread)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        note = selectors.get_restricted(
            selectors.notifications(request.user), request.user, kwargs["pk"]
        )
        return Response(NotificationSerializer(note).data)

    @extend_schema(request=MarkReadSerializer, responses={200: None})
    @action(detail=False, methods=["post"], url_path="mark-read")
    def mark_read(self, request: Request) -> Response:
        data = MarkReadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ids = data.validated_data["ids"]
        return Response({"marked": service_call(services.mark_read, request.user, ids)})
