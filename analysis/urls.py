from django.urls import path

from analysis import intake_views, notification_views, views

app_name = "analysis"

urlpatterns = [
    path("cases/<int:pk>/triage/", views.run_triage, name="run_triage"),
    path("cases/<int:pk>/triage/preview/", views.triage_preview, name="triage_preview"),
    path("cases/<int:pk>/letter/", views.letter_split, name="letter_split"),
    path("cases/<int:pk>/submit/", views.submit_for_review, name="submit_for_review"),
    path("cases/<int:pk>/review/", views.case_review, name="case_review"),
    path("cases/<int:pk>/review/accept-all/", views.accept_all, name="accept_all"),
    path("cases/<int:pk>/review/request-changes/", views.request_changes, name="request_changes"),
    path("cases/<int:pk>/review/approve/", views.approve, name="approve"),
    path("cases/<int:pk>/review/arguments/<int:argument_pk>/", views.decide_argument, name="decide_argument"),
    path("cases/<int:pk>/reopen/", views.reopen, name="reopen"),
    path("cases/<int:pk>/documents/<slug:slug>/", views.document_preview, name="document_preview"),
    path(
        "cases/<int:pk>/revisions/<int:number>/documents/<slug:slug>/",
        views.document_download,
        name="document_download",
    ),
    # Exhibits and the filing packet
    path("cases/<int:pk>/exhibits/new/", views.exhibit_create, name="exhibit_create"),
    path("cases/<int:pk>/exhibits/<int:exhibit_pk>/", views.exhibit_download, name="exhibit_download"),
    path("cases/<int:pk>/exhibits/<int:exhibit_pk>/move/", views.exhibit_move, name="exhibit_move"),
    path("cases/<int:pk>/exhibits/<int:exhibit_pk>/delete/", views.exhibit_delete, name="exhibit_delete"),
    path("cases/<int:pk>/filing-packet/", views.filing_packet, name="filing_packet"),
    path("review/", views.review_queue, name="review_queue"),
    # Notifications: each person's e-mail switches, and the secret-URL calendar feed (no sign-in).
    path("notifications/", notification_views.notification_settings, name="notification_settings"),
    path("calendar/<str:token>.ics", notification_views.calendar_feed, name="calendar_feed"),
    # After filing
    path("cases/<int:pk>/court/", views.court, name="court"),
    path("cases/<int:pk>/court/filings/new/", views.filing_create, name="filing_create"),
    path(
        "cases/<int:pk>/court/filings/<int:number>/response/", views.filing_response, name="filing_response"
    ),
    path("cases/<int:pk>/court/filings/<int:number>/ruling/", views.filing_ruling, name="filing_ruling"),
    # When the law changes
    path("cases/<int:pk>/law-changes/<int:change_pk>/", views.decide_law_change, name="decide_law_change"),
]

# Pages named intake:… (their names and paths predate the split) that show analysis too; config/urls.py mounts
# them in the intake namespace, since intake/urls.py may not import analysis.
intake_pages = [
    path("", intake_views.home, name="home"),
    path("cases/<int:pk>/", intake_views.case_detail, name="case_detail"),
    path("cases/<int:pk>/history/", intake_views.case_history, name="case_history"),
    path("cases/<int:pk>/arguments/new/", intake_views.argument_create, name="argument_create"),
    path(
        "cases/<int:pk>/arguments/<int:argument_pk>/edit/", intake_views.argument_edit, name="argument_edit"
    ),
    path(
        "cases/<int:pk>/arguments/<int:argument_pk>/delete/",
        intake_views.argument_delete,
        name="argument_delete",
    ),
    path(
        "cases/<int:pk>/arguments/<int:argument_pk>/move/", intake_views.argument_move, name="argument_move"
    ),
    path("organisation/pipeline/", intake_views.pipeline, name="pipeline"),
    path("organisation/retention/", intake_views.retention, name="retention"),
    path("cases/<int:pk>/erase/", intake_views.case_erase, name="case_erase"),
]
