"""Account self-service: a user's own e-mail address, and the password reset.

Only the user changes their e-mail address, with their password: the reset mails its link there, so whoever
sets the address can take the account (issue 11, item 7). The old address is told.

The reset answers every request alike and in the same time, whether or not the address has an account: the
view counts the request against two limits (per address asked for, per client address) and hands the address to
a background job (config/background.py), which looks the accounts up, records the request in their history and
sends the mail. Nothing on the request's own path depends on who has an account.
"""

import hashlib

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.core.cache import cache
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone

from config.background import run_in_background
from intake import user_history
from intake.models import User, UserChange


def change_own_email(user: User, email: str) -> None:
    """Give ``user`` a new e-mail address (the form has checked their password) and tell the old address."""
    old = user.email
    user.email = User.objects.normalize_email(email)
    user.full_clean()
    user.save(update_fields=["email"])  # recorded in the account's history by intake.user_history
    if old and old.lower() != user.email.lower():
        body = render_to_string(
            "registration/email_changed_notice.txt",
            {"username": user.get_username(), "new": user.email, "at": timezone.localtime()},
        )
        run_in_background(send_mail, "Safety Valve: your e-mail address was changed", body, None, [old])


# --- Password reset ---------------------------------------------------------------------------------------------


def reset_allowed(email: str, client: str) -> bool:
    """Count a reset request; False once the address asked for or the client has used up its allowance.

    Counted in Django's cache (per process with the default local-memory cache: several gunicorn workers each
    count, so the effective limit is that many times higher). The e-mail address is hashed in the key."""
    window = settings.PASSWORD_RESET_THROTTLE_MINUTES * 60
    address_key = "reset:email:" + hashlib.sha256(email.strip().lower().encode()).hexdigest()
    counts = []
    for key in (address_key, f"reset:client:{client}"):
        cache.add(key, 0, timeout=window)
        try:
            counts.append(cache.incr(key))
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)
            counts.append(1)
    return (
        counts[0] <= settings.PASSWORD_RESET_LIMIT_PER_EMAIL
        and counts[1] <= settings.PASSWORD_RESET_LIMIT_PER_CLIENT
    )


class _RecordedPasswordResetForm(PasswordResetForm):
    """Django's reset mail, which also records the request in each account's history."""

    client_address: str | None = None
    by: User | None = None  # the admin who sent the link, when one did
    only: User | None = None  # that admin's colleague: no other account with the same address

    def get_users(self, email):
        if self.only is not None:
            return [self.only] if self.only.is_active and self.only.has_usable_password() else []
        return super().get_users(email)

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        user_history.record(
            context["user"], UserChange.Kind.RESET_REQUESTED, by=self.by, address=self.client_address
        )
        super().send_mail(subject_template_name, email_template_name, context, from_email, to_email, **kwargs)


def send_reset_mail(
    *,
    email: str,
    domain: str,
    use_https: bool,
    client_address: str,
    by: User | None = None,
    only: User | None = None,
) -> None:
    """Mail a reset link: to every active account with this address (the background half of a reset request),
    or to ``only`` that account (an organisation admin sending a colleague a link, recorded as done ``by`` them)."""
    form = _RecordedPasswordResetForm(data={"email": email})
    if not form.is_valid():
        return
    form.client_address, form.by, form.only = client_address, by, only
    form.save(
        domain_override=domain,
        use_https=use_https,
        subject_template_name="registration/password_reset_subject.txt",
        email_template_name="registration/password_reset_email.txt",
        extra_email_context={"valid_minutes": settings.PASSWORD_RESET_TIMEOUT // 60},
    )


def send_reset_link_to_colleague(
    *, member: User, by: User, domain: str, use_https: bool, client_address: str
):
    """An organisation admin sends ``member`` a reset link, to the address only the member can change."""
    send_reset_mail(
        email=member.email,
        domain=domain,
        use_https=use_https,
        client_address=client_address,
        by=by,
        only=member,
    )


def request_reset(*, email: str, domain: str, use_https: bool, client_address: str) -> None:
    run_in_background(
        send_reset_mail, email=email, domain=domain, use_https=use_https, client_address=client_address
    )
