"""The user's own account pages: their e-mail address, and the throttled password reset."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from config.client_address import client_ip
from intake import accounts
from intake.forms import OwnEmailForm
from intake.http import HtmxRequest
from intake.permissions import member_required


@require_http_methods(["GET", "POST"])
@member_required
def own_email(request: HtmxRequest) -> HttpResponse:
    form = OwnEmailForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        accounts.change_own_email(request.user, form.cleaned_data["email"])
        messages.success(request, "Your e-mail address is changed; the old address has been told.")
        return redirect("intake:home")
    return render(request, "registration/own_email.html", {"form": form})


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset page, answering alike for every address: throttled, the lookup and mail in the background."""

    def form_valid(self, form):
        client = client_ip(self.request)
        if not accounts.reset_allowed(form.cleaned_data["email"], client):
            return render(self.request, "registration/password_reset_throttled.html", status=429)
        accounts.request_reset(
            email=form.cleaned_data["email"],
            domain=self.request.get_host(),
            use_https=self.request.is_secure(),
            client_address=client,
        )
        return HttpResponseRedirect(self.get_success_url())
