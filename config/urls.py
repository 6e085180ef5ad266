from django.contrib import admin
from django.contrib.auth import urls as auth_urls
from django.urls import include, path

from analysis import urls as analysis_urls
from config.health import healthz
from intake import urls as intake_urls
from intake.account_views import PasswordResetView

account_urls = [
    # Throttled, and answering alike whether or not the address has an account (intake/accounts.py).
    path("password_reset/", PasswordResetView.as_view(), name="password_reset"),
    *[pattern for pattern in auth_urls.urlpatterns if pattern.name != "password_reset"],
]

urlpatterns = [
    path("accounts/", include(account_urls)),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("", include((intake_urls.urlpatterns + analysis_urls.intake_pages, intake_urls.app_name))),
    path("", include("analysis.urls")),
]

# 400, 403 and 404 use Django's handlers with the standalone templates; 500 also knows the database page.
handler500 = "config.errors.server_error"
