"""Thin views: forms validate, services write, selectors read (through `restrict`)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.middleware import HtmxDetails
from django_otp import login as otp_login

from tipsom.core import dashboard, selectors, services, twofactor
from tipsom.core.forms import (
    AuditSearchForm,
    ContactPointForm,
    OrganisationFilterForm,
    OrganisationForm,
    PasswordChangeForm,
    RolesForm,
    SignInForm,
    TokenForm,
    UserCreateForm,
    attach_errors,
)
from tipsom.core.models import Job, Organisation, User
from tipsom.core.querysets import access_for, allows


class Request(HttpRequest):
    """What our middleware puts on a request (for type checking)."""

    user: User
    htmx: HtmxDetails


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


def _page(request: Request, queryset: Any, per_page: int = 50) -> Any:
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


@login_required
def home(request: Request) -> HttpResponse:
    return render(
        request,
        "core/home.html",
        {
            "memberships": selectors.memberships(request.user),
            "jobs": selectors.jobs(request.user).filter(created_by=request.user)[:5],
            "two_factor": twofactor.has_confirmed_device(request.user),
            "unread": selectors.notifications(request.user, unread=True).count(),
            "cards": dashboard.cards(request.user),
        },
    )


# --- organisations -------------------------------------------------------------------------


@login_required
def organisation_list(request: Request) -> HttpResponse:
    form = OrganisationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    context = {
        "form": form,
        "page": _page(request, selectors.organisations(request.user, filters)),
        "can_add": allows(request.user, "organisation", "add", None),
    }
    template = "core/_organisation_table.html" if request.htmx else "core/organisation_list.html"
    return render(request, template, context)


@login_required
def organisation_detail(request: Request, pk: int) -> HttpResponse:
    organisation = selectors.get_restricted(Organisation.objects.all(), request.user, pk)
    return render(
        request,
        "core/organisation_detail.html",
        {
            "organisation": organisation,
            "children": selectors.organisations(request.user).filter(parent=organisation),
            "contact_points": selectors.contact_points(request.user, organisation),
            "can_change": allows(request.user, "organisation", "change", organisation),
            "can_manage_contacts": allows(request.user, "contactpoint", "add", organisation),
        },
    )


@login_required
def organisation_edit(request: Request, pk: int | None = None) -> HttpResponse:
    organisation = (
        selectors.get_restricted(Organisation.objects.all(), request.user, pk, "change")
        if pk
        else None
    )
    if organisation is None and not allows(request.user, "organisation", "add", None):
        raise PermissionDenied
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if organisation is None:
                organisation = services.create_organisation(request.user, data)
            else:
                services.update_organisation(request.user, organisation, data)
            messages.success(request, _("Organisation saved."))
            return redirect("core:organisation_detail", pk=organisation.pk)
        except ValidationError as error:
            attach_errors(form, error)
    return render(request, "core/form.html", {"form": form, "title": _("Organisation")})


@login_required
def contact_point_edit(request: Request, org_pk: int, pk: int | None = None) -> HttpResponse:
    organisation = selectors.get_restricted(Organisation.objects.all(), request.user, org_pk)
    contact = selectors.contact_point(request.user, organisation.pk, pk, "change") if pk else None
    if contact is None and not allows(request.user, "contactpoint", "add", organisation):
        raise PermissionDenied
    initial = {f: getattr(contact, f) for f in services.CONTACT_POINT_FIELDS} if contact else None
    form = ContactPointForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if contact is None:
                services.add_contact_point(request.user, organisation, form.cleaned_data)
            else:
                services.update_contact_point(request.user, contact, form.cleaned_data)
            messages.success(request, _("Contact point saved."))
            return redirect("core:organisation_detail", pk=organisation.pk)
        except ValidationError as error:
            attach_errors(form, error)
    return render(request, "core/form.html", {"form": form, "title": _("Contact point")})


@login_required
@require_POST
def contact_point_delete(request: Request, org_pk: int, pk: int) -> HttpResponse:
    contact = selectors.contact_point(request.user, org_pk, pk, "delete")
    services.delete_contact_point(request.user, contact)
    messages.success(request, _("Contact point removed."))
    return redirect("core:organisation_detail", pk=org_pk)


# --- users ---------------------------------------------------------------------------------


@login_required
def user_list(request: Request) -> HttpResponse:
    if access_for(request.user, "user", "view").none:
        raise PermissionDenied
    return render(
        request,
        "core/user_list.html",
        {
            "page": _page(request, selectors.users(request.user, {"q": request.GET.get("q")})),
            "can_add": not access_for(request.user, "user", "add").none,
            "q": request.GET.get("q", ""),
        },
    )


@login_required
def user_detail(request: Request, pk: int) -> HttpResponse:
    target = selectors.user_detail(request.user, pk)
    manageable = selectors.manageable_organisations(request.user)
    forms_by_org = []
    for organisation in manageable.filter(pk__in=target.memberships.values("organisation")):
        roles = list(
            target.memberships.filter(organisation=organisation).values_list("role", flat=True)
        )
        forms_by_org.append(
            (organisation, RolesForm(initial={"roles": roles}, prefix=f"org{organisation.pk}"))
        )
    return render(request, "core/user_detail.html", {"target": target, "role_forms": forms_by_org})


@login_required
@require_POST
def user_roles(request: Request, pk: int, org_pk: int) -> HttpResponse:
    target = selectors.get_restricted(User.objects.all(), request.user, pk, "change")
    organisation = selectors.get_restricted(
        selectors.manageable_organisations(request.user), request.user, org_pk
    )
    form = RolesForm(request.POST, prefix=f"org{organisation.pk}")
    if form.is_valid():
        try:
            services.set_roles(request.user, target, organisation, form.cleaned_data["roles"])
            messages.success(request, _("Roles saved."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Choose roles from the list."))
    return redirect("core:user_detail", pk=target.pk)


@login_required
def user_create(request: Request) -> HttpResponse:
    organisations = selectors.manageable_organisations(request.user)
    if not organisations.exists():
        raise PermissionDenied
    form = UserCreateForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organisation = data.pop("organisation")
        try:
            user, password = services.create_user(request.user, organisation, **data)
            return render(request, "core/user_created.html", {"target": user, "password": password})
        except ValidationError as error:
            attach_errors(form, error)
    return render(request, "core/form.html", {"form": form, "title": _("New user")})


# --- account and second factor -------------------------------------------------------------


@login_required
def account(request: Request) -> HttpResponse:
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not request.user.check_password(form.cleaned_data["old_password"]):
            form.add_error("old_password", _("This is not your current password."))
        else:
            try:
                services.set_password(request.user, request.user, form.cleaned_data["new_password"])
                from django.contrib.auth import update_session_auth_hash

                update_session_auth_hash(request, request.user)
                messages.success(request, _("Password changed."))
                return redirect("core:account")
            except ValidationError as error:
                form.add_error("new_password", error.messages)
    return render(
        request,
        "core/account.html",
        {"form": form, "two_factor": twofactor.has_confirmed_device(request.user)},
    )


def _safe_next(request: Request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return "/"


@login_required
def two_factor_setup(request: Request) -> HttpResponse:
    verified = request.user.is_verified()  # type: ignore[attr-defined]  # set by OTPMiddleware
    if twofactor.has_confirmed_device(request.user) and not verified:
        return redirect("core:two_factor_verify")
    device = twofactor.pending_device(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            services.confirm_totp_device(request.user, device)
            otp_login(request, device)
            messages.success(request, _("Two-step sign-in is on."))
            return redirect("core:home")
        form.add_error("token", _("That code did not match; check your device's clock."))
    return render(
        request,
        "core/two_factor_setup.html",
        {"form": form, "qr": twofactor.qr_svg(device), "secret": twofactor.base32_secret(device)},
    )


@login_required
def two_factor_verify(request: Request) -> HttpResponse:
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        from django_otp import match_token

        device = match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return redirect(_safe_next(request))
        form.add_error("token", _("That code did not match."))
    return render(
        request, "core/two_factor_verify.html", {"form": form, "next": _safe_next(request)}
    )


# --- audit and jobs ------------------------------------------------------------------------


@login_required
def audit_list(request: Request) -> HttpResponse:
    if access_for(request.user, "auditentry", "view").none:
        raise PermissionDenied
    form = AuditSearchForm(request.GET or None)
    entries = selectors.audit_entries(request.user, form.filters())
    context = {
        "form": form,
        "page": _page(request, entries),
        "can_export": not access_for(request.user, "auditentry", "export").none,
        "query": request.GET.urlencode(),
    }
    template = "core/_audit_table.html" if request.htmx else "core/audit_list.html"
    return render(request, template, context)


@login_required
@require_POST
def audit_job(request: Request, kind: str) -> HttpResponse:
    if kind == "export":
        if access_for(request.user, "auditentry", "export").none:
            raise PermissionDenied
        form = AuditSearchForm(request.POST)
        job = services.start_job(request.user, "audit.export", form.filters())
    elif kind == "verify":
        if access_for(request.user, "auditentry", "view").none:
            raise PermissionDenied
        job = services.start_job(request.user, "audit.verify")
    else:
        raise Http404
    return redirect("core:job_detail", pk=job.pk)


@login_required
def inbox(request: Request) -> HttpResponse:
    """The user's notifications, newest first; opening the page marks them read."""
    page = _page(request, selectors.notifications(request.user))
    response = render(request, "core/inbox.html", {"page": page})
    services.mark_read(request.user, [n.pk for n in page if n.read_at is None])
    return response


@login_required
def job_list(request: Request) -> HttpResponse:
    return render(
        request, "core/job_list.html", {"page": _page(request, selectors.jobs(request.user))}
    )


@login_required
def job_detail(request: Request, pk: int) -> HttpResponse:
    job = selectors.get_restricted(Job.objects.all(), request.user, pk)
    template = "core/_job_progress.html" if request.htmx else "core/job_detail.html"
    return render(request, template, {"job": job})


@login_required
def job_download(request: Request, pk: int) -> FileResponse:
    job = selectors.get_restricted(Job.objects.all(), request.user, pk)
    if not job.result_file:
        raise Http404
    services.record_download(request.user, job)
    return FileResponse(
        job.result_file.open("rb"),
        as_attachment=True,
        filename=job.result_file.name.rsplit("/", 1)[-1],
    )
