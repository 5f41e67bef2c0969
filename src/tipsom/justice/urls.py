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
    path("hits/", views.hit_list, name="hit_list"),
    path("hits/<int:pk>/decide/", views.hit_decide, name="hit_decide"),
]
