from django.urls import path

from tipsom.network import views

app_name = "network"

urlpatterns = [
    path("", views.home, name="home"),
    path("members/", views.members, name="members"),
    path("members/status/", views.member_status, name="member_status"),
    path("members/<int:pk>/focal-points/", views.focal_point_add, name="focal_point_add"),
    path(
        "members/<int:pk>/focal-points/<int:focal_point>/remove/",
        views.focal_point_remove,
        name="focal_point_remove",
    ),
    path("members/<int:pk>/governance/", views.governance_add, name="governance_add"),
    path("governance/<int:pk>/end/", views.governance_end, name="governance_end"),
    path("groups/", views.group_list, name="group_list"),
    path("groups/<int:pk>/", views.group_detail, name="group_detail"),
    path("groups/<int:pk>/members/", views.group_member_add, name="group_member_add"),
    path(
        "groups/<int:pk>/members/<int:member>/remove/",
        views.group_member_remove,
        name="group_member_remove",
    ),
    path("meetings/new/", views.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:pk>/agenda/", views.agenda_add, name="agenda_add"),
    path("meetings/<int:pk>/attendance/", views.attendance_add, name="attendance_add"),
    path("meetings/<int:pk>/minutes/", views.minutes, name="minutes"),
    path("meetings/<int:pk>/minutes/approve/", views.minutes_approve, name="minutes_approve"),
    path("meetings/<int:pk>/decisions/", views.decision_add, name="decision_add"),
    path("meetings/<int:pk>/action-points/", views.action_point_add, name="action_point_add"),
    path("action-points/", views.action_point_list, name="action_point_list"),
    path("action-points/<int:pk>/status/", views.action_point_status, name="action_point_status"),
    path("documents/", views.document_list, name="document_list"),
    path("documents/<int:pk>/download/", views.document_download, name="document_download"),
    path("documents/<int:pk>/delete/", views.document_delete, name="document_delete"),
    path("public/", views.public_documents, name="public_documents"),
]
