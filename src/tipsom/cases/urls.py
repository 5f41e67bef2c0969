from django.urls import path

from tipsom.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("new/", views.case_register, name="case_register"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/edit/", views.case_edit, name="case_edit"),
    path("<int:pk>/screening/", views.screening_add, name="screening_add"),
    path("<int:pk>/events/new/", views.event_add, name="event_add"),
    path("<int:pk>/consent/", views.consent_add, name="consent_add"),
    path("<int:pk>/plans/new/", views.plan_add, name="plan_add"),
    path("<int:pk>/services/new/", views.service_add, name="service_add"),
    path("<int:pk>/follow-ups/new/", views.followup_add, name="followup_add"),
    path("<int:pk>/comments/new/", views.comment_add, name="comment_add"),
    path("<int:pk>/close/", views.case_close, name="case_close"),
    path("<int:pk>/reopen/", views.case_reopen, name="case_reopen"),
    path("persons/<int:pk>/", views.person_detail, name="person_detail"),
    path("persons/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("persons/<int:pk>/documents/new/", views.document_add, name="document_add"),
    path("persons/<int:pk>/phones/new/", views.phone_add, name="phone_add"),
    path("persons/<int:pk>/addresses/new/", views.address_add, name="address_add"),
]
