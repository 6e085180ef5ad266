from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.forms.renderers import TemplatesSetting
from django.utils.text import normalize_newlines


class FormRenderer(TemplatesSetting):
    """Render every field through one site-wide template (label, help, errors next to the input)."""

    field_template_name = "forms/field.html"


class Textarea(forms.Textarea):
    """Every form's textarea: its line breaks are read as "\n" however the browser sent them.

    A plain form post sends "\r\n", htmx sends the box's own "\n": counted as sent, one text had two lengths,
    and neither was the box's live count (static/js/app.js), which sees one character per line break."""

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        return normalize_newlines(value) if isinstance(value, str) else value


def add_model_errors(form: BaseForm, error: ValidationError) -> None:
    """Show a model-layer ValidationError on the form, next to its field where it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# django-axes stores the username of every failed sign-in in a 255-character column.
AXES_USERNAME_MAX_LENGTH = 255


def sign_in_username(request, credentials: dict | None = None) -> str | None:
    """The username django-axes records for a sign-in attempt (``AXES_USERNAME_CALLABLE``).

    Django's sign-in form does not check the username's length before authenticating, so a failed attempt with a
    longer name made axes' insert fail on PostgreSQL (a 500). No staff username is that long (150 at most), so
    cutting it changes no lock-out.
    """
    source = credentials if credentials else getattr(request, "POST", {})
    username = source.get("username")
    return username[:AXES_USERNAME_MAX_LENGTH] if isinstance(username, str) else username
