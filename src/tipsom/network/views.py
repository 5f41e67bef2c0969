"""Pages of the network's coordination: the network home (its dashboard), members, working
groups, meetings, action points and documents, and the public documents page.

Every page is for the network's participants (`selectors.participates`); every write is the
secretariat's, except an action point's status, which its owner organisation moves along.
A POST from someone without the right is a 403, whatever its content; a POST with a problem
tells each field's problem."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tipsom.core.concurrency import StaleEdit
from tipsom.core.forms import attach_errors
from tipsom.core.views import Request
from tipsom.network import choices as c
from tipsom.network import forms as f
from tipsom.network import selectors, services

Data = dict[str, Any]


def _participant(request: Request) -> None:
    """The network's pages are for its participants (and whoever runs it)."""
    if not selectors.participates(request.user):
        raise PermissionDenied


def _runs(request: Request, resource: str) -> None:
    if not selectors.runs_network(request.user, resource):
        raise PermissionDenied


def _tell(request: Request, error: Exception) -> None:
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            for problem in problems:
                messages.error(request, f"{field}: {problem}")
    else:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))


def _act(request: Request, form: Any, do: Callable[[Data], Any], done: str, back: str) -> Any:
    """One POSTed act: the form checked, the service called, the outcome (or each field's
    problem, or why the service refused) told, back to the page. Callers check first that
    the user may act here at all (a 403 otherwise)."""
    if form.is_valid():
        try:
            do(dict(form.cleaned_data))
        except (ValidationError, StaleEdit, PermissionDenied) as error:
            _tell(request, error)
        else:
            if done:
                messages.success(request, done)
    else:
        for field, problems in form.errors.items():
            messages.error(request, f"{field}: {' '.join(str(p) for p in problems)}")
    return redirect(back)


def _with_tags(form: Any) -> Data:
    return {**form.cleaned_data, **form.tags()}


def _pick(rows: Any, value: Any) -> Any:
    """The row of ``rows`` (already read through a selector) whose id was posted."""
    if value in (None, ""):
        return None
    found = next((row for row in rows if str(row.pk) == str(value)), None)
    if found is None:
        raise Http404
    return found


def _next(request: Request, default: str) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


def _points(request: Request) -> Data:
    """What the action-point rows need to offer their buttons."""
    return {
        "movable": selectors.changeable_action_points(request.user),
        "can_manage": selectors.runs_network(request.user, "actionpoint"),
        "statuses": c.ActionStatus.choices,
    }


# --- the network home ------------------------------------------------------------------------


@login_required
def home(request: Request) -> HttpResponse:
    _participant(request)
    context = {
        **selectors.dashboard(request.user),
        **_points(request),
        "can_schedule": selectors.runs_network(request.user, "networkmeeting"),
    }
    return render(request, "network/home.html", context)


# --- members ---------------------------------------------------------------------------------


@login_required
def members(request: Request) -> HttpResponse:
    _participant(request)
    user = request.user
    runs = selectors.runs_network(user, "networkmember")
    staff = selectors.staff_by_organisation(user) if runs else {}
    context = {
        "rows": [(org, staff.get(org.pk, [])) for org in selectors.members(user)],
        "governance": selectors.governance(user),
        "can_manage": runs,
        "membership_form": f.MembershipForm(
            organisations=selectors.organisations(user) if runs else ()
        ),
        "governance_form": f.GovernanceForm(),
        "focal_point_kinds": c.FocalPointKind.choices,
    }
    return render(request, "network/members.html", context)


@login_required
@require_POST
def member_status(request: Request) -> HttpResponse:
    """Admit an organisation, change its status, or record that it left."""
    _participant(request)
    _runs(request, "networkmember")
    organisations = selectors.organisations(request.user)

    def do(d: Data) -> Any:
        organisation = _pick(organisations, d["organisation"])
        return services.set_membership(
            request.user, organisation, d["network_status"], d["joined_network_on"]
        )

    form = f.MembershipForm(request.POST, organisations=organisations)
    return _act(request, form, do, _("Membership recorded."), reverse("network:members"))


@login_required
@require_POST
def focal_point_add(request: Request, pk: int) -> HttpResponse:
    _participant(request)
    _runs(request, "networkmember")
    organisation = selectors.member(request.user, pk)
    staff = list(selectors.staff_of(organisation))

    def do(d: Data) -> Any:
        user = _pick(staff, d["user"])
        return services.add_focal_point(request.user, organisation, user, d["kind"])

    form = f.FocalPointForm(request.POST, users=staff)
    return _act(request, form, do, _("Focal point designated."), reverse("network:members"))


@login_required
@require_POST
def focal_point_remove(request: Request, pk: int, focal_point: int) -> HttpResponse:
    _participant(request)
    _runs(request, "networkmember")
    organisation = selectors.member(request.user, pk)
    found = selectors.focal_point_of(request.user, organisation, focal_point)
    services.remove_focal_point(request.user, found)
    messages.success(request, _("Focal point removed."))
    return redirect("network:members")


@login_required
@require_POST
def governance_add(request: Request, pk: int) -> HttpResponse:
    _participant(request)
    _runs(request, "networkmember")
    organisation = selectors.member(request.user, pk)
    return _act(
        request,
        f.GovernanceForm(request.POST),
        lambda d: services.add_governance_term(request.user, organisation, d),
        _("Governance term recorded."),
        reverse("network:members"),
    )


@login_required
@require_POST
def governance_end(request: Request, pk: int) -> HttpResponse:
    _participant(request)
    _runs(request, "networkmember")
    term = selectors.governance_term(request.user, pk)
    return _act(
        request,
        f.EndTermForm(request.POST),
        lambda d: services.end_governance_term(request.user, term, d["ends_on"]),
        _("Term ended."),
        reverse("network:members"),
    )


# --- working groups --------------------------------------------------------------------------


@login_required
def group_list(request: Request) -> HttpResponse:
    _participant(request)
    can_manage = selectors.runs_network(request.user, "networkgroup")
    form = f.GroupForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                group = services.create_group(request.user, _with_tags(form))
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, _("Working group created."))
                return redirect("network:group_detail", group.pk)
    return render(
        request,
        "network/group_list.html",
        {"groups": selectors.groups(request.user), "form": form, "can_manage": can_manage},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def group_detail(request: Request, pk: int) -> HttpResponse:
    """A group's terms of reference, members, meetings and documents; the secretariat
    changes it here (POST)."""
    _participant(request)
    group = selectors.group(request.user, pk)
    can_manage = selectors.runs_network(request.user, "networkgroup")
    initial = {
        "name": group.name,
        "kind": group.kind,
        "terms_of_reference": group.terms_of_reference,
        "established_on": group.established_on,
        "closed_on": group.closed_on,
        "gcm_objectives": [str(n) for n in group.gcm_objectives],
        "sdg_targets": ", ".join(group.sdg_targets),
    }
    form = f.GroupForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            d = _with_tags(form)
            d["established_on"] = d["established_on"] or group.established_on
            try:
                services.update_group(request.user, group, d)
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, _("Working group saved."))
                return redirect("network:group_detail", group.pk)
    context = {
        "group": group,
        "form": form,
        "can_manage": can_manage,
        "member_form": f.GroupMemberForm(organisations=selectors.members(request.user)),
        "meetings": selectors.meetings(request.user, {"group": group.pk}),
        "documents": selectors.documents(request.user, {"group": group.pk}),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "network/group_detail.html", context, status=status)


@login_required
@require_POST
def group_member_add(request: Request, pk: int) -> HttpResponse:
    _participant(request)
    _runs(request, "networkgroup")
    group = selectors.group(request.user, pk)
    organisations = selectors.members(request.user)

    def do(d: Data) -> Any:
        organisation = _pick(organisations, d["organisation"])
        return services.add_group_member(request.user, group, organisation, d["role"])

    form = f.GroupMemberForm(request.POST, organisations=organisations)
    back = reverse("network:group_detail", args=[group.pk])
    return _act(request, form, do, _("Organisation added to the group."), back)


@login_required
@require_POST
def group_member_remove(request: Request, pk: int, member: int) -> HttpResponse:
    _participant(request)
    _runs(request, "networkgroup")
    group = selectors.group(request.user, pk)
    services.remove_group_member(request.user, selectors.group_member_of(group, member))
    messages.success(request, _("Organisation removed from the group."))
    return redirect("network:group_detail", group.pk)


# --- meetings --------------------------------------------------------------------------------


def _meeting_form(request: Request, form: Any, groups: Any, save: Callable[[Data], Any]) -> Any:
    """Schedule or change a meeting: the form as typed, with each field's problem (400)."""
    if request.method == "POST" and form.is_valid():
        d = _with_tags(form)
        d["group"] = _pick(groups, d["group"])
        try:
            return save(d)
        except ValidationError as error:
            attach_errors(form, error)
        except StaleEdit as stale:
            form.add_error(None, str(stale))
    return None


@login_required
def meeting_new(request: Request) -> HttpResponse:
    _participant(request)
    _runs(request, "networkmeeting")
    groups = [g for g in selectors.groups(request.user) if g.is_open]
    form = f.MeetingForm(request.POST or None, groups=groups, initial=request.GET.dict())
    meeting = _meeting_form(
        request, form, groups, lambda d: services.schedule_meeting(request.user, d)
    )
    if meeting is not None:
        messages.success(request, _("Meeting scheduled."))
        return redirect("network:meeting_detail", meeting.pk)
    return render(
        request,
        "core/form.html",
        {"form": form, "title": _("Schedule a meeting"), "submit_id": "save-meeting"},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def meeting_edit(request: Request, pk: int) -> HttpResponse:
    _participant(request)
    meeting = selectors.meeting(request.user, pk)
    _runs(request, "networkmeeting")
    groups = [g for g in selectors.groups(request.user) if g.is_open or g.pk == meeting.group_id]
    initial = {
        "title": meeting.title,
        "group": meeting.group_id or "",
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "location": meeting.location,
        "gcm_objectives": [str(n) for n in meeting.gcm_objectives],
        "sdg_targets": ", ".join(meeting.sdg_targets),
        "version": meeting.version,
    }
    form = f.MeetingEditForm(request.POST or None, groups=groups, initial=initial)

    def save(d: Data) -> Any:
        version = d.pop("version")
        services.update_meeting(request.user, meeting, d, version)
        return meeting

    if _meeting_form(request, form, groups, save) is not None:
        messages.success(request, _("Meeting saved."))
        return redirect("network:meeting_detail", meeting.pk)
    return render(
        request,
        "core/form.html",
        {"form": form, "title": _("Change the meeting"), "submit_id": "save-meeting"},
        status=400 if request.method == "POST" else 200,
    )


def _meeting_context(request: Request, meeting: Any, **forms: Any) -> Data:
    user = request.user
    runs = selectors.runs_network(user, "networkmeeting")
    organisations = list(selectors.members(user)) if runs else []
    agenda = list(selectors.agenda_of(meeting))
    decisions = list(selectors.decisions_of(meeting))
    return {
        "meeting": meeting,
        "agenda": agenda,
        "attendance": selectors.attendance_of(meeting),
        "decisions": decisions,
        "action_points": selectors.action_points_of(meeting),
        "documents": selectors.documents(user, {"meeting": meeting.pk}),
        **_points(request),
        "can_manage": runs,
        "can_add_action": selectors.runs_network(user, "actionpoint"),
        "open_record": meeting.status != c.MeetingStatus.CANCELLED and not meeting.minutes_approved,
        "agenda_form": forms.get("agenda_form") or f.AgendaForm(organisations=organisations),
        "attendance_form": f.AttendanceForm(
            organisations=selectors.organisations(user) if runs else (),
            people=selectors.people(user),
        ),
        "minutes_form": forms.get("minutes_form")
        or f.MinutesForm(initial={"minutes": meeting.minutes, "version": meeting.version}),
        "decision_form": forms.get("decision_form") or f.DecisionForm(agenda=agenda),
        "action_form": forms.get("action_form")
        or f.ActionPointForm(organisations=organisations, decisions=decisions),
        "cancel_form": f.CancelForm(initial={"version": meeting.version}),
    }


@login_required
def meeting_detail(request: Request, pk: int) -> HttpResponse:
    """The meeting: agenda, attendance, minutes, decisions, action points, documents; the
    secretariat records them here."""
    _participant(request)
    meeting = selectors.meeting(request.user, pk)
    return render(request, "network/meeting_detail.html", _meeting_context(request, meeting))


def _on_meeting(
    request: Request,
    pk: int,
    resource: str,
    build: Callable[[Any], Any],
    do: Callable[[Any, Data], Any],
    done: str,
    key: str,
) -> HttpResponse:
    """A POSTed form of the meeting's page: on a problem, the page again with the form as
    typed and each field's problem (400)."""
    _participant(request)
    meeting = selectors.meeting(request.user, pk)
    _runs(request, resource)
    form = build(meeting)
    if form.is_valid():
        try:
            do(meeting, _with_tags(form) if hasattr(form, "tags") else dict(form.cleaned_data))
        except ValidationError as error:
            attach_errors(form, error)
        except StaleEdit as stale:
            form.add_error(None, str(stale))
        else:
            messages.success(request, done)
            return redirect("network:meeting_detail", meeting.pk)
    meeting.refresh_from_db()
    context = _meeting_context(request, meeting, **{key: form})
    return render(request, "network/meeting_detail.html", context, status=400)


def _meeting_act(
    request: Request, pk: int, form: Any, do: Callable[[Any, Data], Any], done: str
) -> Any:
    """A POSTed button of the meeting's page (attendance, approval, cancellation)."""
    _participant(request)
    meeting = selectors.meeting(request.user, pk)
    _runs(request, "networkmeeting")
    back = reverse("network:meeting_detail", args=[meeting.pk])
    return _act(request, form, lambda d: do(meeting, d), done, back)


@login_required
@require_POST
def agenda_add(request: Request, pk: int) -> HttpResponse:
    organisations = selectors.members(request.user)

    def do(meeting: Any, d: Data) -> Any:
        d["presenter"] = _pick(organisations, d["presenter"])
        return services.add_agenda_item(request.user, meeting, d)

    return _on_meeting(
        request,
        pk,
        "networkmeeting",
        lambda m: f.AgendaForm(request.POST, organisations=organisations),
        do,
        _("Agenda item added."),
        "agenda_form",
    )


@login_required
@require_POST
def attendance_add(request: Request, pk: int) -> HttpResponse:
    organisations = selectors.organisations(request.user)
    people = selectors.people(request.user)

    def do(meeting: Any, d: Data) -> Any:
        organisation = _pick(organisations, d["organisation"])
        person = _pick(people, d["person"])
        return services.record_attendance(request.user, meeting, organisation, d["status"], person)

    form = f.AttendanceForm(request.POST, organisations=organisations, people=people)
    return _meeting_act(request, pk, form, do, _("Attendance recorded."))


@login_required
@require_POST
def minutes(request: Request, pk: int) -> HttpResponse:
    return _on_meeting(
        request,
        pk,
        "networkmeeting",
        lambda m: f.MinutesForm(request.POST),
        lambda m, d: services.record_minutes(request.user, m, d["minutes"], d["version"]),
        _("Minutes saved as a draft."),
        "minutes_form",
    )


@login_required
@require_POST
def minutes_approve(request: Request, pk: int) -> HttpResponse:
    return _meeting_act(
        request,
        pk,
        f.VersionedForm(request.POST),
        lambda m, d: services.approve_minutes(request.user, m, d["version"]),
        _("Minutes approved."),
    )


@login_required
@require_POST
def meeting_cancel(request: Request, pk: int) -> HttpResponse:
    return _meeting_act(
        request,
        pk,
        f.CancelForm(request.POST),
        lambda m, d: services.cancel_meeting(request.user, m, d["reason"], d["version"]),
        _("Meeting cancelled."),
    )


@login_required
@require_POST
def decision_add(request: Request, pk: int) -> HttpResponse:
    def do(meeting: Any, d: Data) -> Any:
        item = d["agenda_item"]
        d["agenda_item"] = selectors.agenda_item_of(meeting, item) if item else None
        return services.record_decision(request.user, meeting, d)

    return _on_meeting(
        request,
        pk,
        "networkmeeting",
        lambda m: f.DecisionForm(request.POST, agenda=selectors.agenda_of(m)),
        do,
        _("Decision recorded."),
        "decision_form",
    )


@login_required
@require_POST
def action_point_add(request: Request, pk: int) -> HttpResponse:
    organisations = selectors.members(request.user)

    def do(meeting: Any, d: Data) -> Any:
        d["owner"] = _pick(organisations, d["owner"])
        d["decision"] = _pick(selectors.decisions_of(meeting), d["decision"])
        d["meeting"] = meeting
        return services.add_action_point(request.user, d)

    return _on_meeting(
        request,
        pk,
        "actionpoint",
        lambda m: f.ActionPointForm(
            request.POST, organisations=organisations, decisions=selectors.decisions_of(m)
        ),
        do,
        _("Action point added."),
        "action_form",
    )


# --- action points ---------------------------------------------------------------------------


@login_required
def action_point_list(request: Request) -> HttpResponse:
    """The user's organisations' action points (``?all=1``: the network's), those still to
    do (``?status=all``: every one)."""
    _participant(request)
    everyone = request.GET.get("all") == "1"
    status = request.GET.get("status", "pending")
    filters = {"mine": not everyone, "status": "" if status == "all" else status}
    context = {
        "action_points": selectors.action_points(request.user, filters)[:300],
        "everyone": everyone,
        "status": status,
        **_points(request),
    }
    return render(request, "network/action_point_list.html", context)


@login_required
@require_POST
def action_point_status(request: Request, pk: int) -> HttpResponse:
    """Move an action point along (the mark-done button): its owner organisation's focal
    points, supervisors and admins, and the secretariat."""
    _participant(request)
    point = selectors.action_point(request.user, pk)
    if not selectors.may_change_status(request.user, point):
        raise PermissionDenied

    def do(d: Data) -> Any:
        services.set_status(request.user, point, d["status"], d["note"], d["version"])
        messages.success(
            request,
            _("%(reference)s is now %(status)s.")
            % {"reference": point.reference, "status": point.get_status_display()},
        )

    back = _next(request, reverse("network:action_point_list"))
    return _act(request, f.StatusForm(request.POST), do, "", back)


# --- documents -------------------------------------------------------------------------------


@login_required
def document_list(request: Request) -> HttpResponse:
    """Documents up to the reader's access level; the secretariat uploads here (POST)."""
    _participant(request)
    can_manage = selectors.runs_network(request.user, "networkdocument")
    meetings = list(selectors.meetings(request.user)[:200])
    groups = list(selectors.groups(request.user))
    form = f.DocumentForm(
        request.POST or None, request.FILES or None, meetings=meetings, groups=groups
    )
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            d = _with_tags(form)
            upload = d.pop("file")
            d["meeting"], d["group"] = _pick(meetings, d["meeting"]), _pick(groups, d["group"])
            try:
                services.upload_document(request.user, d, upload)
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, _("Document uploaded."))
                return redirect("network:document_list")
    context = {
        "documents": selectors.documents(request.user, request.GET.dict())[:300],
        "form": form,
        "can_manage": can_manage,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "network/document_list.html", context, status=status)


def document_download(request: Request, pk: int) -> HttpResponseBase:
    """A document the reader's level reaches: public ones for anyone; for the others an
    anonymous visitor is sent to sign in (whatever the id: existence is not disclosed)."""
    try:
        document = selectors.document(request.user, pk)
    except Http404:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise
    services.record_download(request.user, document)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    return FileResponse(handle, as_attachment=True, filename=document.filename)


@login_required
@require_POST
def document_delete(request: Request, pk: int) -> HttpResponse:
    _participant(request)
    document = selectors.document_for_change(request.user, pk, "delete")
    services.delete_document(request.user, document)
    messages.success(request, _("Document removed."))
    return redirect("network:document_list")


def public_documents(request: Request) -> HttpResponse:
    """The network's public documents, for anyone (no sign-in)."""
    return render(
        request, "network/public_documents.html", {"documents": selectors.public_documents()}
    )
