from django.urls import path

from tipsom.referrals import views

app_name = "referrals"

urlpatterns = [
    path("", views.referral_list, name="referral_list"),
    path("<int:pk>/", views.referral_detail, name="referral_detail"),
    path(
        "<int:pk>/<str:decision>/",
        views.referral_decide,
        name="referral_decide",
    ),
    path("new/<int:case_pk>/", views.referral_new, name="referral_new"),
    path("transfer-request/", views.transfer_request, name="transfer_request"),
    path("report/", views.report, name="report"),
    path("directory/", views.directory, name="directory"),
    path("directory/new/", views.offer_new, name="offer_new"),
    path("directory/<int:pk>/edit/", views.offer_edit, name="offer_edit"),
]
