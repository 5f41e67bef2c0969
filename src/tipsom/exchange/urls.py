from django.urls import path

from tipsom.exchange import views

app_name = "exchange"

urlpatterns = [
    path("", views.import_list, name="import_list"),
    path("new/", views.import_new, name="import_new"),
    path("<int:pk>/", views.import_detail, name="import_detail"),
    path("<int:pk>/commit/", views.import_commit, name="import_commit"),
    path("<int:pk>/report.xlsx", views.import_report, name="import_report"),
    path("rows/<int:pk>/", views.row_edit, name="row_edit"),
    path("rows/<int:pk>/discard/", views.row_discard, name="row_discard"),
    path("export/", views.export, name="export"),
]
