from django.urls import path

from tipsom.linkage import views

app_name = "linkage"

urlpatterns = [
    path("", views.pair_list, name="pair_list"),
    path("pairs/<int:pk>/", views.pair_detail, name="pair_detail"),
    path("pairs/<int:pk>/<str:decision>/", views.pair_decide, name="pair_decide"),
    path("identities/<int:pk>/", views.identity_detail, name="identity_detail"),
    path("identities/<int:pk>/detach/", views.identity_detach, name="identity_detach"),
    path("decisions/<int:pk>/undo/", views.decision_undo, name="decision_undo"),
    path("runs/", views.run_start, name="run_start"),
]
