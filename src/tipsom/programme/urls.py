from django.urls import path

from tipsom.programme import views

app_name = "programme"

urlpatterns = [
    path("", views.programme_list, name="list"),
    path("new/", views.programme_new, name="new"),
    path("<int:pk>/", views.programme_detail, name="detail"),
    path("<int:pk>/edit/", views.programme_edit, name="edit"),
    path("<int:pk>/participants/", views.participation_add, name="participation_add"),
    path("<int:pk>/results/", views.result_add, name="result_add"),
    path("<int:pk>/indicators/", views.indicator_add, name="indicator_add"),
    path("<int:pk>/periods/", views.period_add, name="period_add"),
    path("<int:pk>/periods/<int:period>/close/", views.period_close, name="period_close"),
    path("<int:pk>/finance/", views.finance_page, name="finance"),
    path("<int:pk>/finance/budget/", views.budget_add, name="budget_add"),
    path("<int:pk>/finance/transfers/", views.transfer_add, name="transfer_add"),
    path("<int:pk>/finance/expenditure/", views.expenditure_add, name="expenditure_add"),
    path("<int:pk>/reports/", views.report_list, name="reports"),
    path("<int:pk>/reports/save/", views.report_save, name="report_save"),
    path("<int:pk>/dashboard/", views.dashboard, name="dashboard"),
    path("<int:pk>/donor-report.<str:kind>", views.donor_report, name="donor_report"),
    path("<int:pk>/iati/", views.iati_page, name="iati"),
    path("<int:pk>/iati.xml", views.iati_download, name="iati_download"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("indicators/<int:pk>/targets/", views.target_set, name="target_set"),
    path("indicators/<int:pk>/actuals/", views.actual_add, name="actual_add"),
    path("indicators/<int:pk>/compute/", views.actual_compute, name="actual_compute"),
    path("progress-reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("progress-reports/<int:pk>/submit/", views.report_submit, name="report_submit"),
    path("progress-reports/<int:pk>/decide/", views.report_decide, name="report_decide"),
    path("training/", views.training_list, name="training_list"),
    path("training/<int:pk>/", views.training_detail, name="training_detail"),
    path("training/<int:pk>/attendance/", views.attendance_add, name="attendance_add"),
]
