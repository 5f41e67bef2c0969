from django.urls import path

from tipsom.insights import views

app_name = "insights"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("download/<str:kind>/", views.download, name="download"),
    path("extract/", views.take, name="take"),
    path("releases/", views.release_list, name="release_list"),
    path("releases/<int:pk>/", views.release_detail, name="release_detail"),
    path("releases/<int:pk>/decide/", views.release_decide, name="release_decide"),
]
