"""Intake data: organisations and their staff, clients, cases, warden requests and arguments.

Validation lives here (``clean`` and constraints), so a form, a service and the admin all refuse the same
bad input with the same words. Services call ``full_clean()`` before every save.
"""

import re
import zoneinfo
from datetime import date, datetime

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Replace
from django.urls import reverse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from simple_history.models import HistoricalRecords

from intake.districts import DISTRICT_CHOICES, DISTRICTS_BY_CODE

ARGUMENT_MAX_LENGTH = 5000
ARGUMENT_TOO_LONG_MESSAGE = (
    f"An argument can be at most {ARGUMENT_MAX_LENGTH:,} characters (this one has %(show_value)s)."
)
ARGUMENT_BLANK_MESSAGE = "Write the argument before saving it."
SENTENCE_BEFORE_BIRTH_MESSAGE = "The sentence date is before the client's date of birth; check both dates."
# [0-9], not \d: \d also matches other scripts' digits, which no BOP register or docket number contains.
REGISTER_NUMBER_RE = re.compile(r"^\s*([0-9]{5})[\s-]?([0-9]{3})\s*$")
DOCKET_NUMBER_RE = re.compile(
    r"^(?:[0-9]{1,2}:)?[0-9]{2}-cr-[0-9]{1,6}(?:-[A-Za-z0-9]{1,5}){0,3}$", re.IGNORECASE
)


@deconstructible
class MaxCharactersValidator(MaxLengthValidator):
    """Django's MaxLengthValidator, with the counts in its message written as the box's live count writes them
    ("5,719", static/js/app.js), so the refusal and the count under the box read alike."""

    def __call__(self, value) -> None:
        limit = self.limit_value() if callable(self.limit_value) else self.limit_value
        length = self.clean(value)
        if self.compare(length, limit):
            params = {"limit_value": f"{limit:,}", "show_value": f"{length:,}", "value": value}
            raise ValidationError(self.message, code=self.code, params=params)


def normalise_register_number(raw: str) -> str:
    """Return a BOP register number as ``12345-678``; raise ValidationError when it is not eight digits."""
    match = REGISTER_NUMBER_RE.match(raw or "")
    if not match:
        raise ValidationError(
            "A BOP register number has eight digits, written 12345-678.", code="register_number"
        )
    return f"{match.group(1)}-{match.group(2)}"


def normalise_docket_number(raw: str) -> str:
    """Return a criminal docket number with a lower-case ``cr`` (``3:04-cr-00013``)."""
    value = (raw or "").strip()
    if not DOCKET_NUMBER_RE.match(value):
        raise ValidationError(
            "Enter the criminal docket number as on the judgment, for example 3:04-cr-00013.",
            code="docket_number",
        )
    return re.sub(r"-cr-", "-cr-", value, flags=re.IGNORECASE)


# How staff write a docket number: "4:19-cr-217", "4:19cr217", "4-19-cr-00217", "19 CR 217", "4:19-cr-00217-JLH":
# an optional division, two digits of year, "cr", the number, optional suffixes (defendant, judge's initials).
_DOCKET_SEPARATOR = r"[\s:.\-_/]"
DOCKET_SEARCH_RE = re.compile(
    rf"^(?:([0-9]{{1,2}}){_DOCKET_SEPARATOR}+)?([0-9]{{2}}){_DOCKET_SEPARATOR}*cr{_DOCKET_SEPARATOR}*([0-9]{{1,6}})"
    rf"(?:{_DOCKET_SEPARATOR}+[a-z0-9]{{1,5}})*$",
    re.IGNORECASE,
)


def search_key_of_docket(raw: str) -> str:
    """A docket number reduced to what identifies it, ``4:19cr217`` (``19cr217`` without a division), so every
    common way of writing it finds the case; empty when ``raw`` is no criminal docket number."""
    match = DOCKET_SEARCH_RE.match((raw or "").strip())
    if not match:
        return ""
    division, year, number = match.groups()
    core = f"{year}cr{int(number)}"
    return f"{int(division)}:{core}" if division else core


# What case search leaves out of a name, on both sides, before comparing: apostrophes (straight, the curly ’ and ‘
# phones type, and ` ´ typed for one), periods, commas, hyphens and spaces, so "oneal", "O’Neal" and "jamal oneal"
# find Jamal O'Neal, and "st john" St. John.
NAME_PUNCTUATION = "'’‘`´.,- "
_NAME_PUNCTUATION_TABLE = str.maketrans("", "", NAME_PUNCTUATION)


def search_key_of_name(text: str) -> str:
    """Return ``text`` without NAME_PUNCTUATION: what search compares with ``Client.name_key``."""
    return text.translate(_NAME_PUNCTUATION_TABLE)


def _without_name_punctuation(expression):
    """The same in SQL, as REPLACE calls: SQLite has no TRANSLATE, and one definition serves both databases."""
    for mark in NAME_PUNCTUATION:
        expression = Replace(expression, Value(mark), Value(""))
    return expression


# No client, sentence or request of Safety Valve's predates this; an earlier date is a typing slip
# (0001-01-01 is what a browser sends for a year typed as "1").
EARLIEST_DATE = date(1900, 1, 1)


def _check_date(
    value: date | None, label: str, errors: dict, field: str, *, future_allowed: bool = False
) -> None:
    """Refuse a date before 1900, and one in the future unless it is a date that can lie ahead."""
    if not value:
        return
    if value < EARLIEST_DATE:
        errors.setdefault(field, []).append(
            f"The {label} ({value.isoformat()}) is before 1900; check the year (written YYYY-MM-DD)."
        )
    elif not future_allowed and value > timezone.localdate():
        errors.setdefault(field, []).append(f"The {label} cannot be in the future.")


def _not_in_future(value: date | None, label: str, errors: dict, field: str) -> None:
    _check_date(value, label, errors, field)


def _in_order(errors: dict, field: str, earlier: date | None, later: date | None, message: str) -> None:
    """Refuse ``later`` when it comes before ``earlier`` (both given), naming ``field`` as the one to fix."""
    if earlier and later and later < earlier:
        errors.setdefault(field, []).append(message)


def default_time_zone() -> str:
    return settings.TIME_ZONE


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError("Give an IANA time zone name, such as America/New_York.")


class Organisation(models.Model):
    name = models.CharField(max_length=200, unique=True)
    require_independent_approval = models.BooleanField(
        default=True,
        help_text="When on, the reviewer who approves a case may not be the person who did its intake.",
    )
    # One time zone for the whole organisation: its pages, documents and e-mails all show dates in it, so a
    # late-evening approval carries the same date on the page and in the PDF.
    time_zone = models.CharField(
        max_length=64,
        default=default_time_zone,
        validators=[validate_time_zone],
        help_text="IANA name, such as America/New_York: the dates on pages, documents and e-mails.",
    )

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def localtime(self, moment: datetime) -> datetime:
        """``moment`` (an aware datetime) on the organisation's clock."""
        return timezone.localtime(moment, self.zone)

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    class Role(models.TextChoices):
        INTAKE = "intake", "Intake staff"
        REVIEWER = "reviewer", "Reviewer (supervising attorney)"
        ADMIN = "admin", "Organisation admin"

    # Null exactly for superusers, who administer the whole installation (the Django admin) and belong to no
    # organisation, so no organisation admin can list, edit or re-address them (issue 11, item 7).
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="members"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.INTAKE)
    # Printed under counsel's /s/ signature on the motion they approve; a blank to complete until it is recorded.
    bar_number = models.CharField(
        "Bar number",
        max_length=40,
        blank=True,
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9][A-Za-z0-9 .\-/]*$",
                "Letters, digits, spaces, dots, hyphens and slashes only, as the bar's roll writes it.",
            )
        ],
        help_text="As the bar's roll writes it, e.g. VSB No. 12345. Printed under the attorney's signature.",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False, is_superuser=False, is_staff=False)
                | Q(organisation__isnull=True, is_superuser=True),
                name="user_member_or_installation_admin",
                violation_error_message=(
                    "Staff belong to an organisation; an installation administrator (superuser) belongs to none."
                ),
            )
        ]

    def clean(self) -> None:
        super().clean()
        if (self.is_superuser or self.is_staff) and self.organisation_id is not None:
            raise ValidationError(
                {"organisation": "An installation administrator (superuser) belongs to no organisation."}
            )
        if self.is_staff and not self.is_superuser:
            raise ValidationError({"is_staff": "Only superusers may use the Django admin."})
        if not self.is_superuser and self.organisation_id is None:
            raise ValidationError({"organisation": "Every staff member belongs to an organisation."})

    # The only place that compares ``role``: everything else (views, services, panels, the decorators in
    # intake/permissions.py, templates) asks these capabilities (tests/intake/test_role_checks.py).
    @property
    def is_member(self) -> bool:
        """Has one of the organisation roles (the decorators also require an organisation)."""
        return self.role in self.Role.values

    @property
    def is_intake(self) -> bool:
        return self.role == self.Role.INTAKE

    @property
    def is_reviewer(self) -> bool:
        return self.role == self.Role.REVIEWER

    @property
    def is_org_admin(self) -> bool:
        return self.role == self.Role.ADMIN

    @property
    def can_edit_intake(self) -> bool:
        """Intake staff and reviewers edit case facts and arguments; org admins manage people."""
        return self.role in (self.Role.INTAKE, self.Role.REVIEWER)

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Client(models.Model):
    # What a draft may be saved without (see ``Case.missing_to_complete``).
    REQUIRED_TO_COMPLETE = ("register_number",)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="clients")
    name = models.CharField(max_length=200)
    # Blank only while the case is a draft saved before it was known: such a case is incomplete
    # (``Case.missing_to_complete``) and cannot be triaged or submitted.
    register_number = models.CharField(
        "BOP register number", max_length=9, blank=True, help_text="Eight digits, written 12345-678."
    )
    date_of_birth = models.DateField(null=True, blank=True)
    facility = models.CharField("BOP facility", max_length=200, blank=True)
    projected_release_date = models.DateField(null=True, blank=True)
    # The name as search compares it (search_key_of_name). A generated column rather than a key kept by save()
    # (as Case.docket_key is): the database keeps it for every write, bulk inserts included. Stored rather than
    # computed in each query: nine REPLACEs on every name made the scan 2–3 times slower at 10,000 clients.
    name_key = models.GeneratedField(
        expression=_without_name_punctuation(F("name")),
        output_field=models.CharField(max_length=200),
        db_persist=True,
    )
    history = HistoricalRecords(excluded_fields=["name_key"])

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "register_number"],
                condition=~Q(register_number=""),
                name="client_register_number_unique_in_organisation",
                violation_error_message="A client with this register number already exists.",
            ),
            models.CheckConstraint(
                condition=Q(register_number="") | Q(register_number__regex=r"^[0-9]{5}-[0-9]{3}$"),
                name="client_register_number_format",
                violation_error_message="A BOP register number has eight digits, written 12345-678.",
            ),
        ]

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        # A blank number is the field's own error ("required"/"cannot be blank"). When a form already refused
        # the typed value, the instance still holds the blank default: checking it here again showed the same
        # message twice under the field.
        if self.register_number:
            try:
                self.register_number = normalise_register_number(self.register_number)
            except ValidationError as error:
                errors["register_number"] = error.messages
        _not_in_future(self.date_of_birth, "date of birth", errors, "date_of_birth")
        _check_date(
            self.projected_release_date,
            "projected release date",
            errors,
            "projected_release_date",
            future_allowed=True,
        )
        _in_order(
            errors,
            "projected_release_date",
            self.date_of_birth,
            self.projected_release_date,
            "The projected release date is before the date of birth; check both dates.",
        )
        if errors:
            raise ValidationError(errors)

    def __str__(self) -> str:
        return f"{self.name} ({self.register_number or 'no register number yet'})"


class IllegalTransition(ValidationError):
    """A workflow step was asked of a case whose status does not allow it; the case is left as it was."""


class Case(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        APPROVED = "approved", "Approved"

    EDITABLE_STATUSES = (Status.DRAFT, Status.CHANGES_REQUESTED)
    # The case's life: each status it may move to, the statuses it may come from, and the refusal otherwise.
    TRANSITIONS = {
        Status.IN_REVIEW: (
            EDITABLE_STATUSES,
            "Only a draft or a case sent back for changes can be submitted for review.",
        ),
        Status.CHANGES_REQUESTED: ((Status.IN_REVIEW,), "Only a case in review can be sent back."),
        Status.APPROVED: ((Status.IN_REVIEW,), "Only a case in review can be approved."),
        Status.DRAFT: ((Status.APPROVED,), "Only an approved case can be reopened."),
    }

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="cases")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="cases")
    # Blank only in an incomplete draft, like the client's register number.
    district = models.CharField("sentencing district", max_length=8, choices=DISTRICT_CHOICES, blank=True)
    docket_number = models.CharField(
        "criminal docket number",
        max_length=40,
        blank=True,
        help_text="As on the judgment, for example 3:04-cr-00013.",
    )
    offenses = models.TextField("offenses of conviction", max_length=2000, blank=True)
    sentence_months = models.PositiveIntegerField(
        "sentence imposed (months)", null=True, blank=True, validators=[MinValueValidator(1)]
    )
    sentence_date = models.DateField("date sentence imposed", null=True, blank=True)
    current_sentence_months = models.PositiveIntegerField(
        "current sentence after any reduction (months)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
    )
    sentence_reduced_on = models.DateField("date of the last reduction", null=True, blank=True)
    sentence_note = models.TextField(
        "note on the sentence",
        max_length=1000,
        blank=True,
        help_text="Anything unusual, for example a sentence made longer on resentencing.",
    )
    judgment_final_date = models.DateField("date the judgment became final", null=True, blank=True)
    prior_2255_count = models.PositiveSmallIntegerField("prior § 2255 motions", default=0)
    last_2255_date = models.DateField("date of the last § 2255 motion", null=True, blank=True)
    motion_filed_on = models.DateField("date the motion was filed", null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    assigned_to = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="assigned_cases"
    )
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="created_cases"
    )
    submitted_for_review_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Optimistic locking: every review action states the version it saw; a stale version is a conflict.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The docket number as search matches it (search_key_of_docket), kept by save(): the case list finds a
    # docket typed in any common form with one indexed comparison instead of parsing every row.
    docket_key = models.CharField(max_length=40, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["updated_at", "docket_key"])

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "docket_number", "client"],
                condition=~Q(docket_number=""),
                name="case_docket_unique_per_client",
                violation_error_message="This client already has a case with this docket number.",
            ),
            models.CheckConstraint(
                condition=Q(judgment_final_date__isnull=True)
                | Q(sentence_date__isnull=True)
                | Q(judgment_final_date__gte=F("sentence_date")),
                name="case_judgment_final_after_sentence",
                violation_error_message="The judgment cannot become final before the sentence was imposed.",
            ),
            models.CheckConstraint(
                condition=Q(sentence_reduced_on__isnull=True)
                | Q(sentence_date__isnull=True)
                | Q(sentence_reduced_on__gte=F("sentence_date")),
                name="case_reduction_after_sentence",
                violation_error_message="A reduction cannot come before the sentence was imposed.",
            ),
            models.CheckConstraint(
                condition=Q(last_2255_date__isnull=True) | Q(prior_2255_count__gte=1),
                name="case_last_2255_needs_a_count",
                violation_error_message="A date of the last § 2255 motion needs at least one prior motion.",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "status"]),
            # The case list's default order (most recently updated first), one page at a time.
            models.Index(fields=["organisation", "-updated_at", "id"], name="case_org_recent"),
            models.Index(fields=["organisation", "docket_key"], name="case_org_docket_key"),
        ]

    @property
    def circuit(self) -> str:
        district = DISTRICTS_BY_CODE.get(self.district)
        return district.circuit if district else ""

    @property
    def district_abbreviation(self) -> str:
        district = DISTRICTS_BY_CODE.get(self.district)
        return district.abbreviation if district else self.district

    @property
    def district_name(self) -> str:
        district = DISTRICTS_BY_CODE.get(self.district)
        return district.name if district else self.district

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATUSES

    # Status changes. Each checks the move against TRANSITIONS and changes the row in memory only: the review
    # services save it under the row lock, with the version bump that tells open pages they are stale.

    def ensure_can_become(self, status: str) -> None:
        """Raise IllegalTransition unless the case may move from its status to ``status``."""
        allowed_from, refusal = self.TRANSITIONS[status]
        if self.status not in allowed_from:
            raise IllegalTransition(refusal)

    def _become(self, status: str) -> None:
        self.ensure_can_become(status)
        self.status = status

    def submit_for_review(self, *, at: datetime) -> None:
        """Put a draft, or a case sent back, in the review queue."""
        self._become(self.Status.IN_REVIEW)
        self.submitted_for_review_at = at

    def send_back(self) -> None:
        """Return a case in review to intake for changes."""
        self._become(self.Status.CHANGES_REQUESTED)

    def approve(self) -> None:
        """Mark a case in review approved (its revision is frozen by analysis.review.approve)."""
        self._become(self.Status.APPROVED)

    def reopen(self) -> None:
        """Reopen an approved case as a draft; its next approval becomes a new revision."""
        self._become(self.Status.DRAFT)

    # What a draft may be saved without, and must have before triage or review.
    REQUIRED_TO_COMPLETE = ("district", "docket_number")

    @property
    def missing_to_complete(self) -> list[str]:
        """Return the labels of the facts a draft still lacks (empty when the case is complete)."""
        required = [(self.client, name) for name in Client.REQUIRED_TO_COMPLETE]
        required += [(self, name) for name in self.REQUIRED_TO_COMPLETE]
        return [
            str(row._meta.get_field(name).verbose_name) for row, name in required if not getattr(row, name)
        ]

    @property
    def is_complete(self) -> bool:
        return not self.missing_to_complete

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.docket_number:  # as for the register number: a blank one is the field's own error
            try:
                self.docket_number = normalise_docket_number(self.docket_number)
            except ValidationError as error:
                errors["docket_number"] = error.messages
        for field, label in (
            ("sentence_date", "sentence date"),
            ("sentence_reduced_on", "reduction date"),
            ("judgment_final_date", "date the judgment became final"),
            ("last_2255_date", "date of the last § 2255 motion"),
            ("motion_filed_on", "filing date"),
        ):
            _not_in_future(getattr(self, field), label, errors, field)
        # The constraints below hold these rules in the database too; here they name the field to fix.
        if self.sentence_date and self.judgment_final_date and self.judgment_final_date < self.sentence_date:
            errors.setdefault("judgment_final_date", []).append(
                "The judgment cannot become final before the sentence was imposed."
            )
        if self.sentence_date and self.sentence_reduced_on and self.sentence_reduced_on < self.sentence_date:
            errors.setdefault("sentence_reduced_on", []).append(
                "A reduction cannot come before the sentence was imposed."
            )
        _in_order(
            errors,
            "last_2255_date",
            self.sentence_date,
            self.last_2255_date,
            "The last § 2255 motion cannot come before the sentence was imposed; check both dates.",
        )
        _in_order(
            errors,
            "motion_filed_on",
            self.sentence_date,
            self.motion_filed_on,
            "The motion cannot be filed before the sentence was imposed; check both dates.",
        )
        if self.current_sentence_months and self.sentence_months:
            if self.current_sentence_months > self.sentence_months and not self.sentence_note.strip():
                errors.setdefault("current_sentence_months", []).append(
                    f"The current sentence ({self.current_sentence_months} months) is longer than the sentence "
                    f"imposed ({self.sentence_months} months). A reduction makes it shorter: check both numbers, "
                    "or explain in the note on the sentence why it is longer now."
                )
        elif self.current_sentence_months:
            errors.setdefault("sentence_months", []).append(
                "Give the sentence imposed as well as the current sentence."
            )
        if self.sentence_reduced_on and not self.current_sentence_months:
            errors.setdefault("current_sentence_months", []).append(
                "Give the current sentence after the reduction dated "
                f"{self.sentence_reduced_on:%Y-%m-%d}, or clear that date."
            )
        if self.sentence_date and self.client_id and self.client.date_of_birth:
            _in_order(
                errors,
                "sentence_date",
                self.client.date_of_birth,
                self.sentence_date,
                SENTENCE_BEFORE_BIRTH_MESSAGE,
            )
        if self.last_2255_date and not self.prior_2255_count:
            errors.setdefault("last_2255_date", []).append(
                "A date of the last § 2255 motion needs at least one prior motion."
            )
        if self.client_id and self.organisation_id and self.client.organisation_id != self.organisation_id:
            errors.setdefault("client", []).append("Choose a client of your organisation.")
        if self.assigned_to_id and self.assigned_to.organisation_id != self.organisation_id:
            errors.setdefault("assigned_to", []).append("Assign the case to someone in your organisation.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs) -> None:
        self.docket_key = search_key_of_docket(self.docket_number)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "docket_number" in update_fields:
            kwargs["update_fields"] = {*update_fields, "docket_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("intake:case_detail", args=[self.pk])

    def __str__(self) -> str:
        return f"United States v. {self.client.name}, No. {self.docket_number or '(not yet known)'}"


class WardenRequest(models.Model):
    """The request to the warden that starts the 30-day clock of 18 U.S.C. § 3582(c)(1)(A)."""

    class Response(models.TextChoices):
        PENDING = "pending", "Pending"
        DENIED = "denied", "Denied"
        GRANTED = "granted", "Granted (BOP will move)"
        NO_RESPONSE = "no_response", "No response"

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="warden_request")
    submitted_on = models.DateField("date submitted")
    received_on = models.DateField(
        "date the warden received it", null=True, blank=True, help_text="Leave blank if unknown."
    )
    grounds = models.TextField("grounds raised in the request", max_length=ARGUMENT_MAX_LENGTH, blank=True)
    # Documents put only verbatim text in quotation marks; a staff summary is paraphrased in their own voice.
    grounds_verbatim = models.BooleanField(
        "the grounds are the request's own words (verbatim)",
        default=False,
        help_text="Tick only if the text above is copied word for word from the request.",
    )
    response = models.CharField(max_length=20, choices=Response.choices, default=Response.PENDING)
    response_on = models.DateField("date of the warden's response", null=True, blank=True)
    bp10_filed_on = models.DateField("BP-10 (regional appeal) filed", null=True, blank=True)
    bp11_filed_on = models.DateField("BP-11 (General Counsel appeal) filed", null=True, blank=True)
    appeals_exhausted_on = models.DateField("administrative appeals exhausted", null=True, blank=True)
    terminal_illness = models.BooleanField(
        "the client is terminally ill",
        default=False,
        # The form's page states BOP's deadline in the rule pack's law text; the model keeps no law of its own.
        help_text="The review queue puts the case first.",
    )
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(received_on__isnull=True) | Q(received_on__gte=F("submitted_on")),
                name="warden_request_received_after_submitted",
                violation_error_message="The warden cannot receive the request before it was submitted.",
            ),
            models.CheckConstraint(
                condition=Q(response_on__isnull=True) | Q(response_on__gte=F("submitted_on")),
                name="warden_request_response_after_submitted",
                violation_error_message="The warden's response cannot come before the request was submitted.",
            ),
        ]

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        for field, label in (
            ("submitted_on", "submission date"),
            ("received_on", "receipt date"),
            ("response_on", "response date"),
            ("bp10_filed_on", "BP-10 date"),
            ("bp11_filed_on", "BP-11 date"),
            ("appeals_exhausted_on", "exhaustion date"),
        ):
            _not_in_future(getattr(self, field), label, errors, field)
        if self.received_on and self.submitted_on and self.received_on < self.submitted_on:
            errors.setdefault("received_on", []).append(
                "The warden cannot receive the request before it was submitted."
            )
        # Checked against the submission even when the receipt date is wrong too: left to the database
        # constraint, this error named no field and the summary could not link to the date to fix.
        if self.response_on and self.submitted_on and self.response_on < self.submitted_on:
            errors.setdefault("response_on", []).append(
                "The warden's response cannot come before the request was submitted."
            )
        elif self.response_on and self.received_on and self.response_on < self.received_on:
            errors.setdefault("response_on", []).append(
                "The response cannot come before the warden received the request."
            )
        if self.response in (self.Response.DENIED, self.Response.GRANTED) and not self.response_on:
            errors.setdefault("response_on", []).append("Give the date of the warden's response.")
        if self.response == self.Response.PENDING and self.response_on:
            errors.setdefault("response", []).append("A pending request has no response date.")
        if self.bp10_filed_on and self.response_on and self.bp10_filed_on < self.response_on:
            errors.setdefault("bp10_filed_on", []).append("The BP-10 appeal follows the warden's response.")
        if self.bp11_filed_on and (not self.bp10_filed_on or self.bp11_filed_on < self.bp10_filed_on):
            errors.setdefault("bp11_filed_on", []).append("The BP-11 appeal follows the BP-10 appeal.")
        if self.response == self.Response.NO_RESPONSE and self.response_on:
            errors.setdefault("response", []).append(
                "A request with no response has no response date: choose the response or clear its date."
            )
        _in_order(
            errors,
            "appeals_exhausted_on",
            self.bp11_filed_on,
            self.appeals_exhausted_on,
            "Appeals are exhausted after the BP-11 appeal was filed; check both dates.",
        )
        if self.appeals_exhausted_on and self.submitted_on and self.appeals_exhausted_on < self.submitted_on:
            errors.setdefault("appeals_exhausted_on", []).append(
                "Appeals cannot be exhausted before the request was submitted."
            )
        sentence_date = self.case.sentence_date if self.case_id else None
        if sentence_date and self.submitted_on and self.submitted_on <= sentence_date:
            errors.setdefault("submitted_on", []).append(
                "The request to the warden must come after the sentence was imposed."
            )
        if errors:
            raise ValidationError(errors)

    def __str__(self) -> str:
        return f"Warden request of {self.submitted_on:%Y-%m-%d}"


class Argument(models.Model):
    """One reason the client gives for release, in their words or a staffer's."""

    class Source(models.TextChoices):
        CLIENT_LETTER = "client_letter", "Client letter"
        STAFF = "staff", "Staff"
        COUNSEL = "counsel", "Counsel"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="arguments")
    text = models.TextField(
        max_length=ARGUMENT_MAX_LENGTH,
        validators=[MaxCharactersValidator(ARGUMENT_MAX_LENGTH, message=ARGUMENT_TOO_LONG_MESSAGE)],
    )

    class Raised(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        UNKNOWN = "unknown", "Not known"

    source = models.CharField(max_length=20, choices=Source.choices, default=Source.STAFF)
    # Documents quote only verbatim text as the client's words; otherwise they paraphrase.
    is_verbatim = models.BooleanField(
        "the text is the client's own words (verbatim)",
        default=False,
        help_text="Tick only if the text is copied word for word from the client's letter.",
    )
    # Issue exhaustion: whether this ground was in the request to the warden, as staff confirmed it. The engine
    # only suggests; documents rely on this field alone.
    raised_in_request = models.CharField(
        "raised in the request to the warden",
        max_length=10,
        choices=Raised.choices,
        default=Raised.UNKNOWN,
    )
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]

    def clean(self) -> None:
        # An empty text is refused by the field itself (blank=False); this catches text of only spaces.
        # Checking only non-empty text keeps a form from adding this message when its own text check failed.
        if self.text and not self.text.strip():
            raise ValidationError({"text": ARGUMENT_BLANK_MESSAGE})

    def __str__(self) -> str:
        return f"Argument {self.order + 1} of case {self.case_id}"


class CaseAccess(models.Model):
    """One read of a case's medical and argument details: who opened what, and when.

    Append-only, and it holds ids and a kind, never client text, so the log itself leaks nothing.
    """

    class Kind(models.TextChoices):
        CASE_PAGE = "case_page", "Case page"
        HISTORY = "history", "History"
        ARGUMENT_EDIT = "argument_edit", "Argument edit form"
        REVIEW_PAGE = "review_page", "Review page"
        DOCUMENT_PREVIEW = "document_preview", "Document preview (draft)"
        DOCUMENT_DOWNLOAD = "document_download", "Document download (approved)"
        CASE_EDIT = "case_edit", "Case edit form"
        WARDEN_REQUEST = "warden_request", "Warden request form"
        ARGUMENTS = "arguments", "Arguments (after a change)"
        LETTER = "letter", "Paste a letter"
        COURT = "court", "Court page"
        FILING_FORM = "filing_form", "Court record form"
        ERASE = "erase", "Erase confirmation page"
        EXHIBIT_FORM = "exhibit_form", "Exhibit form"

    # PROTECT for who and where: an access record cannot silently vanish. The case is the exception: erasing a
    # client (analysis/erasure.py) deletes the case, and the record of who read it stays, with the case's number.
    # Null only in the join (no row ever stores NULL), so the access log lists reads of erased cases too.
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(
        Case, on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="accesses"
    )
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="case_accesses")
    at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # Which document, revision or argument: slugs and numbers only.
    detail = models.CharField(max_length=60, blank=True)
    # Where the read came from (config/client_address.py: the client's, not a proxy's); empty for older rows.
    address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["organisation", "at"], name="case_access_org_at")]
        verbose_name_plural = "case accesses"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValidationError("An access record cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("An access record cannot be deleted.")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of case {self.case_id} by user {self.user_id} at {self.at:%Y-%m-%d %H:%M}"


class UserChange(models.Model):
    """One change to a staff account, kept for the organisation admin: who changed what, and when.

    Written by ``intake.user_history`` for every save of a user (whatever page, the admin or a command did it)
    and for every password reset asked for. Append-only. It never holds password material: a password change is
    recorded as the fact that it happened.
    """

    class Kind(models.TextChoices):
        CREATED = "created", "Account created"
        USERNAME = "username", "Username changed"
        NAME = "name", "Name changed"
        EMAIL = "email", "E-mail address changed"
        ROLE = "role", "Role changed"
        ACTIVE = "active", "Sign-in allowed or blocked"
        ORGANISATION = "organisation", "Organisation changed"
        ADMIN_RIGHTS = "admin_rights", "Installation administrator rights changed"
        PASSWORD_CHANGED = "password_changed", "Password changed by its owner"
        PASSWORD_SET = "password_set", "Password set by someone else"
        RESET_REQUESTED = "reset_requested", "Password reset link requested"
        RESET_COMPLETED = "reset_completed", "Password reset through the e-mailed link"

    # The account's organisation when it changed: an organisation admin sees the rows of their organisation.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="changes")
    # Who was signed in; empty when no one was (a reset link, a command).
    by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    before = models.CharField(max_length=254, blank=True)
    after = models.CharField(max_length=254, blank=True)
    # The client's address (config/client_address.py) when the change came through a request.
    address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["organisation", "at"], name="user_change_org_at")]

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValidationError("A record of an account change cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("A record of an account change cannot be deleted.")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of user {self.user_id} at {self.at:%Y-%m-%d %H:%M}"


class Erasure(models.Model):
    """The audit entry of an erased case: who erased which case number when, and how many rows went.

    It holds no client text (no name, register or docket number): that is what was erased. Append-only.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    erased_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    erased_at = models.DateTimeField(default=timezone.now)
    case_number = models.PositiveBigIntegerField(help_text="The erased case's id.")
    client_erased = models.BooleanField(help_text="The client had no other case and was erased too.")
    counts = models.JSONField(default=dict, help_text="Rows erased, by kind (numbers only).")

    class Meta:
        ordering = ["-erased_at", "-pk"]

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValidationError("An erasure record cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("An erasure record cannot be deleted.")

    def __str__(self) -> str:
        return (
            f"Case {self.case_number} erased by user {self.erased_by_id} at {self.erased_at:%Y-%m-%d %H:%M}"
        )
