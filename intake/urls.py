from django.urls import path

from intake import account_views, views

app_name = "intake"

urlpatterns = [
    path("", views.home, name="home"),
    path("cases/", views.case_list, name="case_list"),
    path("cases/new/", views.case_create, name="case_create"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/edit/", views.case_edit, name="case_edit"),
    path("cases/<int:pk>/history/", views.case_history, name="case_history"),
    path("cases/<int:pk>/warden-request/", views.warden_request_edit, name="warden_request_edit"),
    path("cases/<int:pk>/arguments/new/", views.argument_create, name="argument_create"),
    path("cases/<int:pk>/arguments/<int:argument_pk>/edit/", views.argument_edit, name="argument_edit"),
    path("cases/<int:pk>/arguments/<int:argument_pk>/delete/", views.argument_delete, name="argument_delete"),
    path("cases/<int:pk>/arguments/<int:argument_pk>/move/", views.argument_move, name="argument_move"),
    path("organisation/staff/", views.staff_list, name="staff_list"),
    path("organisation/staff/new/", views.staff_create, name="staff_create"),
    path("organisation/staff/<int:user_pk>/", views.staff_edit, name="staff_edit"),
    path("organisation/staff/<int:user_pk>/send-reset/", views.staff_send_reset, name="staff_send_reset"),
    path("organisation/pipeline/", views.pipeline, name="pipeline"),
    path("organisation/access-log/", views.access_log, name="access_log"),
    path("account/email/", account_views.own_email, name="own_email"),
    path("organisation/retention/", views.retention, name="retention"),
    path("cases/<int:pk>/erase/", views.case_erase, name="case_erase"),
]
