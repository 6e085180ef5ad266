from django.urls import path

from intake import account_views, views

app_name = "intake"

# The pages that also show analysis (home, the case page and its arguments, history, pipeline, erasure) join this
# namespace from analysis/urls.py (``intake_pages``), mounted together in config/urls.py.
urlpatterns = [
    path("cases/", views.case_list, name="case_list"),
    path("cases/new/", views.case_create, name="case_create"),
    path("cases/<int:pk>/edit/", views.case_edit, name="case_edit"),
    path("cases/<int:pk>/warden-request/", views.warden_request_edit, name="warden_request_edit"),
    path("organisation/staff/", views.staff_list, name="staff_list"),
    path("organisation/staff/new/", views.staff_create, name="staff_create"),
    path("organisation/staff/<int:user_pk>/", views.staff_edit, name="staff_edit"),
    path("organisation/staff/<int:user_pk>/send-reset/", views.staff_send_reset, name="staff_send_reset"),
    path("organisation/access-log/", views.access_log, name="access_log"),
    path("account/email/", account_views.own_email, name="own_email"),
]
