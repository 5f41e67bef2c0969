from django.urls import path

from tipsom.justice import views

app_name = "justice"

urlpatterns = [
    path("", views.fir_list, name="fir_list"),
    path("new/", views.fir_new, name="fir_new"),
    path("<int:pk>/", views.fir_detail, name="fir_detail"),
    path("<int:pk>/suspects/", views.suspect_add, name="suspect_add"),
    path("<int:pk>/charges/", views.charge_add, name="charge_add"),
    path("<int:pk>/charges/<int:charge>/verdict/", views.verdict, name="verdict"),
    path("<int:pk>/status/", views.status, name="status"),
    path("<int:pk>/seizures/", views.seizure_add, name="seizure_add"),
    path("<int:pk>/hearings/", views.hearing_add, name="hearing_add"),
    path("<int:pk>/charges/<int:charge>/appeal/", views.appeal, name="appeal"),
    path("<int:pk>/shares/", views.share, name="share"),
    path("<int:pk>/shares/<int:share>/end/", views.share_end, name="share_end"),
    path("<int:pk>/cases/", views.case_link, name="case_link"),
    path("<int:pk>/suspects/<int:suspect>/victims/", views.victim_link, name="victim_link"),
    path("watchlist/", views.watchlist, name="watchlist"),
    path("hits/", views.hit_list, name="hit_list"),
    path("hits/<int:pk>/decide/", views.hit_decide, name="hit_decide"),
]
