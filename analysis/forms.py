from dataclasses import dataclass
from datetime import date

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.text import normalize_newlines

from analysis.engine.splitter import REASONS
from analysis.models import Exhibit, Filing
from analysis.review import ACCEPT_WITH_OUTCOME
from config.forms import Textarea
from intake.forms import DateInput
from intake.models import ARGUMENT_MAX_LENGTH, MaxCharactersValidator


class LetterForm(forms.Form):
    letter = forms.CharField(
        label="Client's letter",
        widget=Textarea(attrs={"rows": 12}),
        help_text="Paste the letter as written. Safety Valve proposes one argument per claim; you choose which to keep.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The limit bounds the splitter's work (settings.MAX_LETTER_CHARACTERS); read per form, not at import.
        limit = settings.MAX_LETTER_CHARACTERS
        field = self.fields["letter"]
        field.max_length = limit
        field.validators.append(MaxCharactersValidator(limit))  # "50,001", as the live count writes it
        field.help_text += f" At most {limit:,} characters; paste a longer letter in parts."
        field.error_messages["max_length"] = (
            f"A letter can be at most {limit:,} characters (this one has %(show_value)s). Paste it in parts: "
            "the first part, keep its arguments, then the next."
        )


LETTER_PAGE_STALE = (
    "The list of proposed arguments was incomplete: paste the letter again. Nothing was saved."
)


@dataclass
class LetterItem:
    """One line of the letter page's second step: a proposed argument (`reason` None) or a sentence set aside
    (`reason`: its key in `splitter.REASONS`), with its text as shown or as posted, its tick and its error."""

    text: str
    keep: bool
    reason: str | None = None
    reading: object = None  # the engine's first reading of a proposed argument
    error: str = ""

    @property
    def reason_text(self) -> str:
        return REASONS[self.reason] if self.reason else ""


class LetterKeepForm(forms.Form):
    """The letter page's second step as posted: every proposed argument and set-aside sentence (`proposal-N`,
    ticked by `keep-N`, a set-aside one with its `reason-N`) and whose words the letter is. Invalid, it gives the
    items back as posted, each with its own error, so the page shows them again and nothing typed is lost."""

    # A bound on the loop over a forged post; a letter at the length limit has far fewer sentences than this.
    count = forms.IntegerField(
        min_value=1,
        max_value=5000,
        widget=forms.HiddenInput,
        error_messages={key: LETTER_PAGE_STALE for key in ("required", "invalid", "min_value", "max_value")},
    )
    verbatim = forms.BooleanField(
        required=False,
        initial=True,
        label="The letter is in the client's own words",
        help_text="Documents quote the kept arguments as the client's words. Untick for a letter by a relative, "
        "counsel or staff, or when you rewrote the wording: documents then put it in their own voice.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.letter_items: list[LetterItem] = []

    def clean(self):
        cleaned = super().clean()
        if "count" not in cleaned:  # a hidden field's error has no input to show it at
            raise forms.ValidationError(LETTER_PAGE_STALE)
        self.letter_items = self._posted_items(cleaned["count"])
        kept = self.kept_items()
        if not kept:
            raise forms.ValidationError("Tick at least one proposed argument to keep.")
        numbers = {id(item): n for n, item in enumerate(self.proposed_items(), start=1)}
        errors = []
        for item in kept:
            if len(item.text) > ARGUMENT_MAX_LENGTH:
                name = f"Argument {numbers[id(item)]}" if id(item) in numbers else "A sentence you ticked"
                item.error = (
                    f"{name} is too long: at most {ARGUMENT_MAX_LENGTH:,} characters, this one has "
                    f"{len(item.text):,}. Shorten it, or keep part of it here and add the rest as another "
                    "argument on the case page."
                )
                errors.append(item.error)
        if errors:
            raise forms.ValidationError(errors)
        return cleaned

    def proposed_items(self) -> list[LetterItem]:
        return [item for item in self.letter_items if item.reason is None]

    def kept_items(self) -> list[LetterItem]:
        return [item for item in self.letter_items if item.keep and item.text]

    def _posted_items(self, count: int) -> list[LetterItem]:
        data, items = self.data, []
        for index in range(count):
            reason = data.get(f"reason-{index}")
            items.append(
                LetterItem(
                    # line breaks read as "\n", as every form's textarea reads them and the live count counts them
                    text=normalize_newlines(data.get(f"proposal-{index}", "")).strip(),
                    keep=bool(data.get(f"keep-{index}")),
                    reason=reason if reason in REASONS else None,
                )
            )
        return items


class PreviewForm(forms.Form):
    text = forms.CharField(max_length=ARGUMENT_MAX_LENGTH, required=False, strip=True)


def outcome_choices() -> list[tuple[str, str]]:
    from analysis import engine
    from analysis.models import DISPOSITIONS

    return [
        (f"{disposition}/{ground}", f"{DISPOSITIONS[disposition]} — {ground.replace('_', ' ')}")
        for disposition, grounds in engine.TAXONOMY.items()
        for ground in grounds
    ]


# Case.version is a PositiveIntegerField: anything larger cannot be a version the page was loaded with.
VERSION_MAX = 2_147_483_647
STALE_PAGE = "This page is out of date or incomplete: reload it and try again. Nothing was saved."
CHANGED_MEANWHILE = (
    "Not saved: this case was changed by {changed_by} at {changed_at} while this page was open. The page now "
    "shows the case as it is: check this argument, then save your decision again."
)


class VersionedForm(forms.Form):
    """Carries the case version the page was loaded with. Every post that changes a case's review state needs a
    valid one, which the service compares with the locked row: without it a stale page (or a forged post) would
    act on a case it never saw."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        max_value=VERSION_MAX,
        error_messages={key: STALE_PAGE for key in ("required", "invalid", "min_value", "max_value")},
    )

    def error_text(self) -> str:
        """All the form's errors as one sentence for a message; a bad version alone says the page is stale."""
        if "version" in self.errors:
            return STALE_PAGE
        return " ".join(error for errors in self.errors.values() for error in errors)


class DecisionForm(VersionedForm):
    decision = forms.ChoiceField(
        choices=[("accept", "Accept the engine's assessment"), ("override", "Override")],
        widget=forms.RadioSelect,
        initial="accept",
    )
    outcome = forms.ChoiceField(label="Disposition and ground", required=False)
    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=5000,
        widget=Textarea(attrs={"rows": 2}),
        help_text="Required when you override.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [("", "Choose…"), *outcome_choices()]

    def posted_again(self, *, version: int) -> "DecisionForm":
        """Return the same posted decision carrying ``version``, to show it again on the page as the case is now.

        Saved from that page, it is checked against what the reviewer can now see, not the page it came from.
        """
        data = self.data.copy()
        data[self.add_prefix("version")] = str(version)
        return DecisionForm(data, prefix=self.prefix)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "accept" and data.get("outcome"):
            # The reviewer picked an outcome: saving an accept would record the opposite of what they decided.
            self.add_error("outcome", ACCEPT_WITH_OUTCOME)
        if data.get("decision") == "override":
            if not data.get("outcome"):
                self.add_error("outcome", "Choose the disposition and ground you decide on.")
            if not (data.get("reason") or "").strip():
                self.add_error("reason", "Give the reason for overriding the engine's assessment.")
        return data


class RequestChangesForm(VersionedForm):
    comment = forms.CharField(
        label="What needs to change",
        max_length=5000,
        widget=Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what needs to change."},
    )


class ApproveForm(VersionedForm):
    threshold_acknowledged = forms.BooleanField(
        label="I have read the filing-threshold analysis (earliest filing date and its notes).",
        error_messages={"required": "Acknowledge the filing-threshold analysis before approving."},
    )


# --- After filing -----------------------------------------------------------------------------------------


class FilingForm(forms.ModelForm):
    class Meta:
        model = Filing
        fields = ["filed_on", "docket_entry", "document"]
        widgets = {"filed_on": DateInput()}


class ResponseForm(forms.ModelForm):
    class Meta:
        model = Filing
        fields = ["response_on", "response_docket_entry", "threshold_position"]
        widgets = {"response_on": DateInput(), "threshold_position": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["response_on"].required = True
        self.fields["threshold_position"].required = True


class RulingForm(forms.ModelForm):
    class Meta:
        model = Filing
        fields = ["ruling", "ruling_on", "ruling_docket_entry", "new_term_months", "time_served"]
        widgets = {"ruling_on": DateInput(), "ruling": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ruling"].choices = [c for c in Filing.Ruling.choices if c[0] != Filing.Ruling.PENDING]
        self.fields["ruling_on"].required = True
        self.fields["new_term_months"].help_text = "For a grant: the new term of imprisonment."


class LawChangeDecisionForm(VersionedForm):
    decision = forms.ChoiceField(
        choices=[("accept", "Accept the new assessment"), ("keep", "Keep the old assessment")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to accept the new assessment or keep the old one."},
    )
    reason = forms.CharField(
        label="Reason",
        max_length=5000,
        widget=Textarea(attrs={"rows": 2}),
        error_messages={"required": "Give the reason for your decision."},
    )


# --- Exhibits ----------------------------------------------------------------------------------------------


class ExhibitForm(forms.Form):
    title = forms.CharField(max_length=200, help_text="As the exhibits list should name it.")
    dated = forms.DateField(label="Date of the document", required=False, widget=DateInput())
    kind = forms.ChoiceField(label="Type", choices=Exhibit.Kind.choices)
    sealed = forms.ChoiceField(
        label="File under seal?",
        choices=[
            ("", "As its type says (medical records are sealed, the others are not)"),
            ("yes", "Sealed"),
            ("no", "Not sealed"),
        ],
        required=False,
        help_text="A sealed exhibit is listed in the filing packet but replaced by a placeholder page.",
    )
    file = forms.FileField(
        label="PDF file",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        help_text="A PDF, not password-protected.",
    )

    def clean_dated(self) -> date | None:
        # An exhibit is a document that exists: a date ahead is a typing slip, and the motion would list it.
        dated = self.cleaned_data["dated"]
        if dated and dated > timezone.localdate():
            raise forms.ValidationError("The date of the document cannot be in the future.")
        return dated


class ExhibitMoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "Up"), ("down", "Down")])
