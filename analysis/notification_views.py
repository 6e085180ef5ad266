"""The Notifications settings page and the calendar feed (the one page that needs no sign-in)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from analysis import notifications
from analysis.models import NotificationSettings
from intake.http import HtmxRequest
from intake.permissions import member_required


class NotificationSettingsForm(forms.ModelForm):
    class Meta:
        model = NotificationSettings
        fields = ["case_submitted", "changes_requested", "case_approved", "daily_digest"]


@require_http_methods(["GET", "POST"])
@member_required
def notification_settings(request: HtmxRequest) -> HttpResponse:
    preferences = notifications.settings_for(request.user)
    form = NotificationSettingsForm(instance=preferences)
    feed_url = ""
    if request.method == "POST":
        action = request.POST.get("action", "save")
        if action == "calendar_new":
            token = notifications.new_calendar_token(request.user)
            # Shown on this response only: only the token's hash is kept, so it cannot be shown again.
            feed_url = notifications.link(reverse("analysis:calendar_feed", args=[token]))
            messages.success(request, "Your new calendar link is below; any earlier link no longer works.")
            preferences.refresh_from_db()
        elif action == "calendar_revoke":
            notifications.revoke_calendar(request.user)
            messages.success(request, "Your calendar link no longer works.")
            return redirect("analysis:notification_settings")
        elif action == "save":
            form = NotificationSettingsForm(request.POST, instance=preferences)
            if form.is_valid():
                form.save()
                messages.success(request, "Your notification settings are saved.")
                return redirect("analysis:notification_settings")
        else:
            return HttpResponse("Unknown action.", status=400, content_type="text/plain")
    return render(
        request,
        "analysis/notifications.html",
        {"form": form, "has_feed": bool(preferences.calendar_token_sha256), "feed_url": feed_url},
    )


@login_not_required
@require_GET
def calendar_feed(request, token: str) -> HttpResponse:
    """The organisation's deadlines for whoever holds the secret URL; 404 for any token that is not a live one."""
    user = notifications.user_for_token(token)
    if user is None:
        raise Http404("No such calendar.")
    response = HttpResponse(notifications.calendar(user), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
