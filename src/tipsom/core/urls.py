from django.urls import path

from tipsom.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.LoginView.as_view(), name="login"),
    path("sign-out/", views.LogoutView.as_view(), name="logout"),
    path("account/", views.account, name="account"),
    path("account/two-step/setup/", views.two_factor_setup, name="two_factor_setup"),
    path("account/two-step/verify/", views.two_factor_verify, name="two_factor_verify"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/new/", views.organisation_edit, name="organisation_add"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path(
        "organisations/<int:org_pk>/contacts/new/",
        views.contact_point_edit,
        name="contact_point_add",
    ),
    path(
        "organisations/<int:org_pk>/contacts/<int:pk>/edit/",
        views.contact_point_edit,
        name="contact_point_edit",
    ),
    path(
        "organisations/<int:org_pk>/contacts/<int:pk>/delete/",
        views.contact_point_delete,
        name="contact_point_delete",
    ),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_add"),
    path("users/<int:pk>/", views.user_detail, name="user_detail"),
    path("users/<int:pk>/roles/<int:org_pk>/", views.user_roles, name="user_roles"),
    path("audit/", views.audit_list, name="audit_list"),
    path("audit/<str:kind>/", views.audit_job, name="audit_job"),
    path("inbox/", views.inbox, name="inbox"),
    path("jobs/", views.job_list, name="job_list"),
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
    path("jobs/<int:pk>/download/", views.job_download, name="job_download"),
]
