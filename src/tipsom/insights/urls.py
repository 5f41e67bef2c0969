from django.urls import path

from tipsom.insights import views

app_name = "insights"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("download/<str:kind>/", views.download, name="download"),
    path("extract/", views.take, name="take"),
]
