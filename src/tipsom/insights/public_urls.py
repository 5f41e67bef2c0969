from django.urls import path

from tipsom.insights import public

app_name = "public"

urlpatterns = [
    path("", public.index, name="index"),
    path("<int:pk>/", public.detail, name="release"),
    path("<int:pk>/download/<str:kind>/", public.download, name="download"),
]
