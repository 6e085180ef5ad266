"""Intake forms. Messages are written for intake staff; models hold the rules, forms only gather input."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

from config.forms import Textarea
from intake.models import (
    ARGUMENT_BLANK_MESSAGE,
    ARGUMENT_MAX_LENGTH,
    ARGUMENT_TOO_LONG_MESSAGE,
    SENTENCE_BEFORE_BIRTH_MESSAGE,
    Argument,
    Case,
    Client,
    MaxCharactersValidator,
    Organisation,
    User,
    WardenRequest,
    normalise_docket_number,
    normalise_register_number,
)
from intake.services import argument_fingerprint


def parse_positive_int(raw: str | None) -> int | None:
    """A whole number in ASCII digits read from a raw request value (an id, a count, a version), else None.

    ``str.isdigit`` alone lets through "²" and other digits ``int`` refuses, and numbers too long to convert
    or to compare with a database id."""
    if raw and len(raw) <= 18 and raw.isascii() and raw.isdigit():
        return int(raw)
    return None


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _date_widgets(*names: str) -> dict[str, DateInput]:
    return {name: DateInput() for name in names}


def _require_unless_draft(form: forms.BaseForm, names: tuple[str, ...], draft: bool) -> None:
    """Require ``names`` (which the model lets a draft leave blank) unless the user is saving a draft."""
    for name in names:
        form.fields[name].required = not draft


class ClientForm(forms.ModelForm):
    class Meta:
        model = Client
        fields = ["name", "register_number", "date_of_birth", "facility", "projected_release_date"]
        widgets = _date_widgets("date_of_birth", "projected_release_date")
        labels = {"name": "Client's full name"}

    def __init__(self, *args, draft: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        _require_unless_draft(self, Client.REQUIRED_TO_COMPLETE, draft)

    def clean_register_number(self) -> str:
        raw = self.cleaned_data["register_number"]
        if not raw:
            return ""  # only a draft gets here with no number (the field is required otherwise)
        # The model's pattern (\d) also accepts other scripts' digits, which the database constraint then
        # refuses: treat those as the wrong format here, where the error is shown next to the field.
        value = normalise_register_number(raw if raw.isascii() else "")
        duplicates = Client.objects.filter(
            organisation_id=self.instance.organisation_id, register_number=value
        )
        if self.instance.pk:
            duplicates = duplicates.exclude(pk=self.instance.pk)
        if duplicates.exists():
            raise ValidationError("A client with this register number already exists; choose them instead.")
        return value


class CaseForm(forms.ModelForm):
    class Meta:
        model = Case
        fields = [
            "district",
            "docket_number",
            "offenses",
            "sentence_months",
            "sentence_date",
            "current_sentence_months",
            "sentence_reduced_on",
            "sentence_note",
            "judgment_final_date",
            "prior_2255_count",
            "last_2255_date",
            "motion_filed_on",
            "assigned_to",
        ]
        widgets = {
            **_date_widgets(
                "sentence_date",
                "sentence_reduced_on",
                "judgment_final_date",
                "last_2255_date",
                "motion_filed_on",
            ),
            "offenses": Textarea(attrs={"rows": 3}),
            "sentence_note": Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, organisation: Organisation, draft: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        _require_unless_draft(self, (*Case.REQUIRED_TO_COMPLETE, "prior_2255_count"), draft)
        self.fields["district"].choices = [("", "Choose the sentencing district")] + list(
            self.fields["district"].choices
        )[1:]
        self.fields["assigned_to"].queryset = User.objects.filter(organisation=organisation, is_active=True)
        self.fields["assigned_to"].label = "Assigned staff"

    def clean_docket_number(self) -> str:
        raw = self.cleaned_data["docket_number"]
        if not raw:
            return ""  # a draft's: required otherwise
        # As for register numbers: refuse digits of other scripts, which the model's \d would store.
        return normalise_docket_number(raw if raw.isascii() else "")

    def clean_prior_2255_count(self) -> int:
        # A draft may leave the count empty: none known yet.
        count = self.cleaned_data["prior_2255_count"]
        return 0 if count is None else count

    def check_sentence_after_birth(self, date_of_birth: date | None) -> None:
        """Refuse, at the sentence date, a sentence before ``date_of_birth`` (from the client's form or record).

        Case.clean() checks this only once the case has its client: on a new case that is in the service, after
        every form is valid, so staff saw this error only after fixing all the others. Here it runs whenever
        both dates are valid themselves."""
        if not self.is_bound or self.errors.get("sentence_date"):
            return  # nothing posted, or a bad sentence date (or this very error, from Case.clean()) already shown
        sentence_date = self.cleaned_data.get("sentence_date")
        if date_of_birth and sentence_date and sentence_date < date_of_birth:
            self.add_error("sentence_date", SENTENCE_BEFORE_BIRTH_MESSAGE)


class CaseCreateClientChoiceForm(forms.Form):
    """Pick an existing client, or leave blank and fill in the new client's details."""

    client = forms.ModelChoiceField(
        queryset=Client.objects.none(),
        required=False,
        empty_label="A new client (fill in below)",
        label="Client",
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = Client.objects.filter(organisation=organisation)


class WardenRequestForm(forms.ModelForm):
    class Meta:
        model = WardenRequest
        fields = [
            "submitted_on",
            "received_on",
            "grounds",
            "grounds_verbatim",
            "response",
            "response_on",
            "bp10_filed_on",
            "bp11_filed_on",
            "appeals_exhausted_on",
            "terminal_illness",
        ]
        widgets = {
            **_date_widgets(
                "submitted_on",
                "received_on",
                "response_on",
                "bp10_filed_on",
                "bp11_filed_on",
                "appeals_exhausted_on",
            ),
            "grounds": Textarea(attrs={"rows": 4}),
        }


class ArgumentForm(forms.ModelForm):
    class Meta:
        model = Argument
        fields = ["text", "source", "is_verbatim", "raised_in_request"]
        widgets = {"text": Textarea(attrs={"rows": 4})}
        labels = {"text": "Argument", "source": "Source"}
        help_texts = {
            "text": "One reason for release, in the client's words or yours (at most 5,000 characters)."
        }
        # The model's words, not Django's generic ones, so every way in refuses bad text alike.
        error_messages = {
            "text": {"required": ARGUMENT_BLANK_MESSAGE, "max_length": ARGUMENT_TOO_LONG_MESSAGE}
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left out, it stays "not known": only a staff member's choice counts as confirmed.
        self.fields["raised_in_request"].required = False
        # The model's kind of length check in place of Django's from max_length: its message reads "5,719", as the
        # live count under the box does, where Django's would read "5719".
        text = self.fields["text"]
        text.validators = [
            MaxCharactersValidator(ARGUMENT_MAX_LENGTH) if isinstance(v, MaxLengthValidator) else v
            for v in text.validators
        ]

    def clean_raised_in_request(self) -> str:
        return self.cleaned_data.get("raised_in_request") or Argument.Raised.UNKNOWN


class ArgumentEditForm(ArgumentForm):
    """The argument form for editing: it carries a fingerprint of the version the user started from."""

    fingerprint = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fingerprint"].initial = argument_fingerprint(self.instance.text, self.instance.source)

    def rebase_on(self, current: Argument) -> None:
        """After a conflict the user has seen ``current``: saving again deliberately replaces it."""
        self.data = self.data.copy()
        self.data[self.add_prefix("fingerprint")] = argument_fingerprint(current.text, current.source)


class StaffMemberForm(forms.ModelForm):
    """An organisation admin changes a colleague's name, role, bar number or whether they may sign in.

    Not their e-mail address: the password reset mails a link there, so whoever sets it can take the account
    over. Only its owner changes it (``OwnEmailForm``, with their password); the admin gives it once, when adding
    the colleague."""

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "role", "bar_number", "is_active"]
        labels = {"is_active": "Active (may sign in)"}

    def __init__(self, *args, editor: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.editor = editor

    def clean_username(self) -> str:
        # NFKC first, as the model saves it, so full-width "ｉｎｔａｋｅ" is compared as "intake".
        username = User.normalize_username(self.cleaned_data["username"])
        if self.instance.pk is not None and username == self.instance.username:
            return username  # unchanged: an account made before this check still saves
        # Sign-in matches usernames exactly, so "INTAKE" beside "intake" would be a second account that staff, the
        # staff list and the access log cannot tell apart. Usernames are global: every organisation's count. A
        # form check, not a unique index on Lower(username), whose migration would fail on any existing pair.
        if User.objects.filter(username__iexact=username).exclude(pk=self.instance.pk).exists():
            raise ValidationError(
                f"“{username}” is already taken (capitals do not make a username different, and every "
                "organisation shares one set of usernames). Choose another.",
                code="username_taken",
            )
        return username

    def clean(self) -> dict:
        # Refused here, with the reason beside the field, rather than by the service's PermissionDenied (which
        # stays as the backstop): an admin who demoted or locked out themself would have no way back.
        cleaned = super().clean()
        if self.instance.pk is not None and self.instance.pk == self.editor.pk:
            if "role" in cleaned and cleaned["role"] != User.Role.ADMIN:
                self.add_error(
                    "role", "You cannot remove your own admin role. Ask another admin of your organisation."
                )
            if "is_active" in cleaned and not cleaned["is_active"]:
                self.add_error(
                    "is_active", "You cannot deactivate yourself. Ask another admin of your organisation."
                )
        return cleaned


class NewStaffMemberForm(StaffMemberForm):
    class Meta(StaffMemberForm.Meta):
        fields = ["username", "first_name", "last_name", "email", "role", "bar_number", "is_active"]
        help_texts = {"email": "Where password reset links go. From now on only they can change it."}

    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 12 characters; they can change it after signing in.",
    )

    def clean_password(self) -> str:
        from django.contrib.auth.password_validation import validate_password

        password = self.cleaned_data["password"]
        validate_password(password, self.instance)
        return password


class OwnEmailForm(forms.Form):
    """A signed-in user changes their own e-mail address, proving it is them with their password."""

    email = forms.EmailField(label="New e-mail address", max_length=254)
    password = forms.CharField(
        label="Your password",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="So that someone at an unattended computer cannot redirect your password resets.",
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_password(self) -> str:
        from django.contrib.auth import authenticate

        password = self.cleaned_data["password"]
        user = self.request.user
        # authenticate(), not check_password(): django-axes counts a wrong password here like one at sign-in.
        if authenticate(self.request, username=user.get_username(), password=password) is None:
            raise ValidationError("That is not your password.")
        return password


class EraseCaseForm(forms.Form):
    confirmation = forms.CharField(
        label="Type it here to confirm",
        max_length=200,
        error_messages={"required": "Type what is shown above to confirm; nothing was erased."},
    )
