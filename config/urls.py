from django.contrib import admin
from django.urls import include, path

from config.health import healthz

urlpatterns = [
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("", include("intake.urls")),
    path("", include("analysis.urls")),
]

# 400, 403 and 404 use Django's handlers with the standalone templates; 500 also knows the database page.
handler500 = "config.errors.server_error"
