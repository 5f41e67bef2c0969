"""REST API of case management, over the same services and selectors as the pages."""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.response import Response

from tipsom.cases import choices as c
from tipsom.cases import selectors, services, sharing
from tipsom.cases import validation as v
from tipsom.cases.models import Case, Person
from tipsom.core.api import service_call as call
from tipsom.core.models import Organisation, User


def with_service_errors(errors: Any, raw: Any, precheck: Any) -> dict:
    """The serializer's errors plus those the service's checks find in the same request, so a
    client learns every problem at once (the serializer's message wins for a field)."""
    merged = dict(errors)
    if precheck is not None and hasattr(raw, "get"):
        found = v.Errors()
        precheck(found, raw)
        for name, messages in found.errors.items():
            merged.setdefault(name, messages)
    return merged


class StrictSerializer(serializers.Serializer):
    """Refuses fields it does not know, instead of silently dropping them."""

    def to_internal_value(self, data: Any) -> Any:
        errors: dict[str, Any] = {}
        if hasattr(data, "keys"):
            allowed = ", ".join(sorted(self.fields))
            errors = {
                k: [f"unknown field; allowed: {allowed}"]
                for k in sorted(set(data.keys()) - set(self.fields))
            }
        try:
            value = super().to_internal_value(data)
        except ValidationError as exc:
            raise ValidationError({**errors, **exc.detail}) from exc  # type: ignore[dict-item]
        if errors:
            raise ValidationError(errors)
        return value


def _allowed(choices: Any) -> dict[str, Any]:
    return {"invalid_choice": f'"{{input}}" is not allowed; allowed: {", ".join(choices.values)}'}


def choice(choices: Any, **kwargs: Any) -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=choices.choices, error_messages=_allowed(choices), **kwargs
    )


def codes(choices: Any) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.ChoiceField(choices=choices.choices, error_messages=_allowed(choices)),
        required=False,
    )


def checked(check: Any, **kwargs: Any) -> serializers.CharField:
    """A text field whose value passes one of `validation.py`'s checks (ISO codes, numbers), so
    its message is reported together with the other fields' errors."""

    def validator(value: Any) -> None:
        errors = v.Errors()
        check(errors, "value", value)
        if errors.errors:
            raise ValidationError(errors.errors["value"])

    return serializers.CharField(validators=[validator], **kwargs)


def checked_list(check: Any) -> serializers.ListField:
    return serializers.ListField(child=checked(check), required=False)


# --- persons -------------------------------------------------------------------------------


class PersonFieldsSerializer(StrictSerializer):
    first_name = serializers.CharField(max_length=100)
    father_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    family_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    aliases = serializers.ListField(child=serializers.CharField(max_length=200), required=False)
    sex = choice(c.Sex, required=False)
    gender = choice(c.Gender, required=False, allow_blank=True)
    birth_date = serializers.DateField(required=False, allow_null=True)

    def validate_birth_date(self, value: Any) -> Any:
        errors = v.Errors()
        v.not_future(errors, "birth_date", value)
        if errors.errors:
            raise ValidationError(errors.errors["birth_date"])
        return value

    birth_year = serializers.IntegerField(required=False, allow_null=True)
    age_is_estimated = serializers.BooleanField(required=False)
    citizenships = checked_list(v.country)
    languages = checked_list(v.language)
    education = choice(c.Education, required=False, allow_blank=True)
    marital_status = choice(c.MaritalStatus, required=False, allow_blank=True)
    number_of_children = serializers.IntegerField(required=False, allow_null=True, min_value=0)


class PersonPatchSerializer(PersonFieldsSerializer):
    version = serializers.IntegerField()
    first_name = serializers.CharField(max_length=100, required=False)


class DocumentSerializer(StrictSerializer):
    type = choice(c.DocumentType)
    number = serializers.CharField(max_length=30)
    issuing_country = serializers.CharField(required=False, allow_blank=True)

    def validate(self, attrs: dict) -> dict:
        errors = v.Errors()
        v.document_number(errors, "number", attrs["type"], attrs["number"])
        v.country(errors, "issuing_country", attrs.get("issuing_country", ""))
        if errors.errors:
            raise ValidationError(errors.errors)
        return attrs


class PhoneSerializer(StrictSerializer):
    number = checked(v.phone, max_length=30)
    kind = choice(c.PhoneKind, required=False)


class AddressSerializer(StrictSerializer):
    street = serializers.CharField(required=False, allow_blank=True)
    city = serializers.CharField(max_length=100, required=False, allow_blank=True)
    district = serializers.CharField(max_length=100, required=False, allow_blank=True)
    province = serializers.CharField(max_length=10, required=False, allow_blank=True)
    country = checked(v.country, required=False)


class PersonSerializer(serializers.ModelSerializer):
    aliases = serializers.SerializerMethodField()
    documents = serializers.SerializerMethodField()
    phones = serializers.SerializerMethodField()
    addresses = serializers.SerializerMethodField()
    consents = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = [
            "id",
            "version",
            "organisation",
            "first_name",
            "father_name",
            "family_name",
            "aliases",
            "sex",
            "gender",
            "birth_date",
            "birth_year",
            "age_is_estimated",
            "citizenships",
            "languages",
            "education",
            "marital_status",
            "number_of_children",
            "documents",
            "phones",
            "addresses",
            "consents",
        ]

    def get_aliases(self, person: Person) -> list[str]:
        return services.aliases_of(person)

    def get_documents(self, person: Person) -> list[dict]:
        return [
            {"type": d.type, "number": d.number, "issuing_country": d.issuing_country}
            for d in person.documents.all()
        ]

    def get_phones(self, person: Person) -> list[dict]:
        return [{"kind": p.kind, "number": p.number} for p in person.phones.all()]

    def get_addresses(self, person: Person) -> list[dict]:
        return [
            {
                "street": a.street,
                "city": a.city,
                "district": a.district,
                "province": a.province,
                "country": a.country,
                "is_current": a.is_current,
            }
            for a in person.addresses.all()
        ]

    def get_consents(self, person: Person) -> dict[str, str | None]:
        return {
            purpose: (consent.decision if consent else None)
            for purpose, _label, consent in selectors.consent_summary(person)
        }


class PersonListSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = [
            "id",
            "organisation",
            "first_name",
            "father_name",
            "family_name",
            "sex",
            "birth_year",
        ]


class SearchPagination(LimitOffsetPagination):
    """Limit/offset pages whose ``count`` may stop at a limit for name searches:
    ``count_is_exact`` false means "at least this many" (see `selectors.RankedPersons`)."""

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> Any:
        self.count_is_exact = getattr(queryset, "count_is_exact", True)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data: Any) -> Response:
        response = super().get_paginated_response(data)
        response.data["count_is_exact"] = self.count_is_exact
        return response

    def get_paginated_response_schema(self, schema: dict) -> dict:
        described = super().get_paginated_response_schema(schema)
        described["properties"]["count_is_exact"] = {
            "type": "boolean",
            "description": "false: a name search matched more than `count` persons",
        }
        return described


class PersonViewSet(mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Persons. Filters: q (name; best matches first, newest first after), document, phone
    (exact)."""

    queryset = Person.objects.none()
    pagination_class = SearchPagination
    http_method_names = ["get", "patch", "post", "head", "options"]

    def get_serializer_class(self) -> Any:
        if self.action == "list":
            return PersonListSerializer
        if self.action == "partial_update":
            return PersonPatchSerializer
        return PersonSerializer

    def get_queryset(self) -> Any:
        params = self.request.query_params
        return selectors.person_search(
            self.request.user, {k: params.get(k) for k in ("q", "document", "phone")}
        )

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(PersonSerializer(selectors.person_detail(request.user, kwargs["pk"])).data)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        person = selectors.person_detail(request.user, kwargs["pk"], "change")
        data = PersonPatchSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        if "version" not in fields:
            raise ValidationError({"version": ["send the version you read (for no lost updates)"]})
        version = fields.pop("version")
        call(services.update_person, request.user, person, fields, version)
        return Response(PersonSerializer(person).data)

    def _add(self, request: Request, pk: Any, serializer_class: Any, write: Any) -> Response:
        person = selectors.person_detail(request.user, pk, "change")
        data = serializer_class(data=request.data)
        data.is_valid(raise_exception=True)
        call(write, person, dict(data.validated_data))
        return Response(PersonSerializer(person).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DocumentSerializer, responses=PersonSerializer)
    @action(detail=True, methods=["post"])
    def documents(self, request: Request, pk: Any = None) -> Response:
        return self._add(
            request,
            pk,
            DocumentSerializer,
            lambda p, d: services.add_document(
                request.user, p, d["type"], d["number"], d.get("issuing_country", "")
            ),
        )

    @extend_schema(request=PhoneSerializer, responses=PersonSerializer)
    @action(detail=True, methods=["post"])
    def phones(self, request: Request, pk: Any = None) -> Response:
        return self._add(
            request,
            pk,
            PhoneSerializer,
            lambda p, d: services.add_phone(
                request.user, p, d["number"], d.get("kind", c.PhoneKind.MOBILE)
            ),
        )

    @extend_schema(request=AddressSerializer, responses=PersonSerializer)
    @action(detail=True, methods=["post"])
    def addresses(self, request: Request, pk: Any = None) -> Response:
        return self._add(
            request, pk, AddressSerializer, lambda p, d: services.add_address(request.user, p, d)
        )


# --- cases ---------------------------------------------------------------------------------


class CaseRegisterSerializer(StrictSerializer):
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    case_type = choice(c.CaseType)
    role = choice(c.CaseRoleType)
    person = PersonFieldsSerializer(required=False)
    person_id = serializers.IntegerField(required=False)
    opened_on = serializers.DateField(required=False)
    documents = DocumentSerializer(many=True, required=False)
    phones = PhoneSerializer(many=True, required=False)

    def validate(self, attrs: dict) -> dict:
        if ("person" in attrs) == ("person_id" in attrs):
            raise ValidationError({"person": ["give either a new person or person_id"]})
        return attrs


class CasePatchSerializer(StrictSerializer):
    version = serializers.IntegerField()
    owner = serializers.SlugRelatedField(
        slug_field="username", queryset=User.objects.all(), required=False
    )
    type = choice(c.CaseType, required=False)
    status = choice(c.CaseStatus, required=False)
    stage = choice(c.CaseStage, required=False)


class ScreeningSerializer(StrictSerializer):
    person = serializers.IntegerField()
    screened_on = serializers.DateField(required=False)
    trafficking_status = choice(c.TraffickingStatus, required=False, allow_blank=True)
    decided_by = choice(c.DecisionMakingOrg, required=False, allow_blank=True)
    ilo_indicators = codes(c.IloIndicator)
    methods_of_control = codes(c.MethodOfControl)
    exploitation_types = codes(c.TypeOfExploitation)
    forced_labour_industries = codes(c.Industry)
    sexual_exploitation_types = codes(c.TypeOfSexExploitation)
    recruitment_methods = codes(c.MethodOfRecruitment)
    recruitment_platforms = codes(c.Platform)
    relationship_to_recruiter = choice(c.RelationshipToTrafficker, required=False, allow_blank=True)
    age_when_trafficked = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=120
    )
    smuggling_amount_paid = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True
    )
    # Checked by the service with the cross-field rules, so all are reported together.
    smuggling_currency = serializers.CharField(required=False, allow_blank=True)
    smuggling_arranged_by = choice(c.SmugglingArrangedBy, required=False, allow_blank=True)
    smuggler_roles = codes(c.SmugglerRole)
    notes = serializers.CharField(required=False, allow_blank=True)


class EventSerializer(StrictSerializer):
    type = choice(c.EventType)
    country = checked(v.country)
    province = serializers.CharField(max_length=10, required=False, allow_blank=True)
    district = serializers.CharField(max_length=100, required=False, allow_blank=True)
    city = serializers.CharField(max_length=100, required=False, allow_blank=True)
    date = serializers.DateField(required=False, allow_null=True)
    date_precision = choice(c.DatePrecision, required=False)
    description = serializers.CharField(required=False, allow_blank=True)


class ConsentSerializer(StrictSerializer):
    person = serializers.IntegerField()
    purpose = choice(c.ConsentPurpose)
    decision = choice(c.ConsentDecision)
    decided_on = serializers.DateField(required=False)
    notes = serializers.CharField(required=False, allow_blank=True)


class SupportPlanSerializer(StrictSerializer):
    type = choice(c.SupportType)
    objectives = serializers.CharField(required=False, allow_blank=True)
    action_plan = serializers.CharField(required=False, allow_blank=True)
    planned_end = serializers.DateField(required=False, allow_null=True)


class ServiceSerializer(StrictSerializer):
    type = choice(c.SupportType)
    provider = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    support_plan = serializers.IntegerField(required=False, allow_null=True)
    status = choice(c.ServiceStatus, required=False)
    planned_on = serializers.DateField(required=False, allow_null=True)
    delivered_on = serializers.DateField(required=False, allow_null=True)
    outcome = serializers.CharField(required=False, allow_blank=True)


class FollowUpSerializer(StrictSerializer):
    date = serializers.DateField(required=False)
    method = choice(c.FollowUpMethod)
    notes = serializers.CharField(required=False, allow_blank=True)
    next_due = serializers.DateField(required=False, allow_null=True)


class CommentSerializer(StrictSerializer):
    text = serializers.CharField()


class CloseSerializer(StrictSerializer):
    version = serializers.IntegerField()
    closure_reason = serializers.CharField()
    referred = serializers.BooleanField(required=False)
    closed_on = serializers.DateField(required=False)


class ReopenSerializer(StrictSerializer):
    version = serializers.IntegerField()
    reason = serializers.CharField()


def _rows(qs: Any, fields: list[str]) -> list[dict]:
    return [{f: getattr(obj, f) for f in fields} | {"id": obj.pk} for obj in qs]


class CaseSerializer(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner.username", default=None)
    persons = serializers.SerializerMethodField()
    screenings = serializers.SerializerMethodField()
    events = serializers.SerializerMethodField()
    support_plans = serializers.SerializerMethodField()
    services = serializers.SerializerMethodField()
    follow_ups = serializers.SerializerMethodField()
    comments = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "id",
            "version",
            "case_number",
            "organisation",
            "owner",
            "type",
            "status",
            "stage",
            "opened_on",
            "closed_on",
            "closure_reason",
            "persons",
            "screenings",
            "events",
            "support_plans",
            "services",
            "follow_ups",
            "comments",
        ]

    # The section (`sharing.SECTIONS`) each field belongs to; the rest is the case summary.
    SECTION_OF_FIELD: ClassVar[dict[str, str]] = {
        "persons": "identity",
        "screenings": "screening",
        "events": "route",
        "support_plans": "support",
        "services": "support",
        "follow_ups": "support",
        "comments": "comments",
    }

    def __init__(self, *args: Any, sections: frozenset[str] = sharing.ALL_SECTIONS, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["shared_sections"] = serializers.SerializerMethodField()
        for name, section in self.SECTION_OF_FIELD.items():
            if section not in sections:
                del self.fields[name]  # never computed, never sent
        self.sections = sections

    def get_shared_sections(self, case: Case) -> list[str]:
        """The sections this response holds (all of them for the case's own staff)."""
        return [code for code in sharing.SECTIONS if code in self.sections]

    def get_persons(self, case: Case) -> list[dict]:
        return [{"person": r.person_id, "role": r.role} for r in case.roles.all()]

    def get_screenings(self, case: Case) -> list[dict]:
        return _rows(
            case.screenings.all(),
            [
                "person_id",
                "screened_on",
                "trafficking_status",
                "decided_by",
                "ilo_indicators",
                "methods_of_control",
                "exploitation_types",
                "forced_labour_industries",
                "sexual_exploitation_types",
                "recruitment_methods",
                "recruitment_platforms",
                "relationship_to_recruiter",
                "age_when_trafficked",
                "smuggling_amount_paid",
                "smuggling_currency",
                "smuggling_arranged_by",
                "smuggler_roles",
                "notes",
            ],
        )

    def get_events(self, case: Case) -> list[dict]:
        return _rows(
            case.traffickingevents.all(),
            [
                "type",
                "country",
                "province",
                "district",
                "city",
                "date",
                "date_precision",
                "description",
            ],
        )

    def get_support_plans(self, case: Case) -> list[dict]:
        return _rows(
            case.supportplans.all(),
            ["type", "objectives", "action_plan", "planned_end", "actual_end"],
        )

    def get_services(self, case: Case) -> list[dict]:
        return _rows(
            case.services.all(),
            [
                "type",
                "provider_id",
                "support_plan_id",
                "status",
                "planned_on",
                "delivered_on",
                "outcome",
            ],
        )

    def get_follow_ups(self, case: Case) -> list[dict]:
        return _rows(case.followups.all(), ["date", "method", "notes", "next_due"])

    def get_comments(self, case: Case) -> list[dict]:
        return _rows(case.casecomments.all(), ["recorded_at", "text"])


class CaseFilterSerializer(serializers.Serializer):
    """The list's query parameters; a bad one is named in a 400, not a server error."""

    q = serializers.CharField(required=False, allow_blank=True)
    document = serializers.CharField(required=False, allow_blank=True)
    phone = serializers.CharField(required=False, allow_blank=True)
    case_number = serializers.CharField(required=False, allow_blank=True)
    status = choice(c.CaseStatus, required=False, allow_blank=True)
    stage = choice(c.CaseStage, required=False, allow_blank=True)
    type = choice(c.CaseType, required=False, allow_blank=True)
    province = serializers.CharField(required=False, allow_blank=True, max_length=10)
    organisation = serializers.IntegerField(required=False, allow_null=True)
    limit = serializers.IntegerField(required=False, min_value=1)
    offset = serializers.IntegerField(required=False, min_value=0)


class CaseListSerializer(serializers.ModelSerializer):
    class Meta:
        model = Case
        fields = ["id", "case_number", "organisation", "type", "status", "stage", "opened_on"]


class CaseViewSet(viewsets.ReadOnlyModelViewSet):
    """Cases. Filters: q (name), document, phone, case_number, status, stage, type,
    province, organisation."""

    queryset = Case.objects.none()

    def get_serializer_class(self) -> Any:
        return CaseListSerializer if self.action == "list" else CaseSerializer

    def get_queryset(self) -> Any:
        if self.action != "list":
            return Case.objects.none()
        filters = CaseFilterSerializer(data=self.request.query_params.dict())
        filters.is_valid(raise_exception=True)
        return selectors.cases(self.request.user, filters.validated_data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        access = selectors.case_access(request.user, kwargs["pk"])
        return Response(CaseSerializer(access.case, sections=access.sections).data)

    @extend_schema(request=CaseRegisterSerializer, responses=CaseSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = CaseRegisterSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        with transaction.atomic():
            if "person" in d:
                person = call(
                    services.create_person, request.user, d["organisation"], dict(d["person"])
                )
            else:
                person = selectors.person_detail(request.user, d["person_id"])
            case = call(
                services.open_case,
                request.user,
                d["organisation"],
                d["case_type"],
                person,
                d["role"],
                d.get("opened_on"),
            )
            for doc in d.get("documents", []):
                call(
                    services.add_document,
                    request.user,
                    person,
                    doc["type"],
                    doc["number"],
                    doc.get("issuing_country", ""),
                )
            for phone in d.get("phones", []):
                call(
                    services.add_phone,
                    request.user,
                    person,
                    phone["number"],
                    phone.get("kind", c.PhoneKind.MOBILE),
                )
        return Response(CaseSerializer(case).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CasePatchSerializer, responses=CaseSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case = selectors.case_detail(request.user, kwargs["pk"], "change")
        data = CasePatchSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        version = fields.pop("version")
        call(services.update_case, request.user, case, fields, version)
        return Response(CaseSerializer(case).data)

    def _step(
        self,
        request: Request,
        pk: Any,
        serializer_class: Any,
        write: Any,
        precheck: Any = None,
        section: str | None = None,
    ) -> Response:
        if section is None:
            case = selectors.case_detail(request.user, pk, "change")
        else:  # the case's staff, or a receiver the section was shared with
            case = selectors.case_for_section(request.user, pk, section)
        data = serializer_class(data=request.data)
        if not data.is_valid():
            raise ValidationError(with_service_errors(data.errors, request.data, precheck))
        with transaction.atomic():
            call(write, case, dict(data.validated_data))
        access = selectors.case_access(request.user, case.pk, audit_view=False)
        return Response(
            CaseSerializer(access.case, sections=access.sections).data,
            status=status.HTTP_201_CREATED,
        )

    def _person_in(self, case: Case, person_id: int) -> Person:
        person = case.persons.filter(pk=person_id).first()
        if person is None:
            raise ValidationError({"person": [f"person {person_id} is not in this case"]})
        return person

    @extend_schema(request=ScreeningSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def screenings(self, request: Request, pk: Any = None) -> Response:
        def write(case: Case, d: dict) -> Any:
            person = self._person_in(case, d.pop("person"))
            return services.record_screening(request.user, case, person, d)

        return self._step(
            request, pk, ScreeningSerializer, write, precheck=services.check_screening
        )

    @extend_schema(request=EventSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def events(self, request: Request, pk: Any = None) -> Response:
        return self._step(
            request, pk, EventSerializer, lambda case, d: services.add_event(request.user, case, d)
        )

    @extend_schema(request=ConsentSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def consents(self, request: Request, pk: Any = None) -> Response:
        def write(case: Case, d: dict) -> Any:
            person = self._person_in(case, d["person"])
            return services.record_consent(
                request.user,
                person,
                d["purpose"],
                d["decision"],
                d.get("decided_on"),
                case,
                d.get("notes", ""),
            )

        return self._step(request, pk, ConsentSerializer, write)

    @extend_schema(request=SupportPlanSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"], url_path="support-plans")
    def support_plans(self, request: Request, pk: Any = None) -> Response:
        return self._step(
            request,
            pk,
            SupportPlanSerializer,
            lambda case, d: services.add_support_plan(request.user, case, d),
        )

    @extend_schema(request=ServiceSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def services(self, request: Request, pk: Any = None) -> Response:
        def write(case: Case, d: dict) -> Any:
            plan_id = d.pop("support_plan", None)
            d["support_plan"] = case.supportplans.filter(pk=plan_id).first() if plan_id else None
            if plan_id and d["support_plan"] is None:
                raise DjangoValidationError({"support_plan": f"no plan {plan_id} in this case"})
            return services.add_service(request.user, case, d)

        return self._step(request, pk, ServiceSerializer, write, section="support")

    @extend_schema(request=FollowUpSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"], url_path="follow-ups")
    def follow_ups(self, request: Request, pk: Any = None) -> Response:
        return self._step(
            request,
            pk,
            FollowUpSerializer,
            lambda case, d: services.add_follow_up(request.user, case, d),
            section="support",
        )

    @extend_schema(request=CommentSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def comments(self, request: Request, pk: Any = None) -> Response:
        return self._step(
            request,
            pk,
            CommentSerializer,
            lambda case, d: services.add_comment(request.user, case, d["text"]),
        )

    @extend_schema(request=CloseSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: Any = None) -> Response:
        return self._step(
            request,
            pk,
            CloseSerializer,
            lambda case, d: services.close_case(
                request.user,
                case,
                d["closure_reason"],
                d["version"],
                referred=d.get("referred", False),
                closed_on=d.get("closed_on"),
            ),
        )

    @extend_schema(request=ReopenSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: Any = None) -> Response:
        return self._step(
            request,
            pk,
            ReopenSerializer,
            lambda case, d: services.reopen_case(request.user, case, d["reason"], d["version"]),
        )
