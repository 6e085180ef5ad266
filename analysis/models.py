"""Triage results and the review that turns them into approved work product.

``Assessment`` is what the engine said about an argument; ``Decision`` is what the reviewing attorney decided;
``Revision`` is the frozen snapshot an approval creates, with its rendered ``StoredDocument``s.
"""

import hashlib
import uuid
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from analysis.engine import RULINGS
from analysis.engine.classifier import reviewer_note
from intake.models import Argument, Case

DISPOSITIONS = {
    "compassionate_release": "Compassionate release",
    "collateral_attack": "Collateral attack (§ 2255)",
    "foreclosed": "Foreclosed",
    "other_vehicle": "Other vehicle",
}


def text_fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Assessment(models.Model):
    """The engine's triage of one argument, as of the text it saw (stale once the text changes)."""

    argument = models.OneToOneField(Argument, on_delete=models.CASCADE, related_name="assessment")
    disposition = models.CharField(max_length=40)
    ground = models.CharField(max_length=40)
    confidence = models.FloatField()
    needs_review = models.BooleanField(default=False)
    evidence = models.JSONField(default=list)
    rationale = models.TextField()
    authorities = models.JSONField(default=list)
    rule_id = models.CharField(max_length=100, blank=True)
    details = models.JSONField(default=dict, help_text="The engine's whole answer, for documents and audits.")
    rule_pack_version = models.CharField(max_length=40)
    text_sha256 = models.CharField(max_length=64)
    assessed_at = models.DateTimeField()
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.disposition}/{self.ground} for argument {self.argument_id}"

    @property
    def is_stale(self) -> bool:
        """True when the argument's text changed after this assessment was made."""
        return self.text_sha256 != text_fingerprint(self.argument.text)

    @property
    def disposition_label(self) -> str:
        return DISPOSITIONS.get(self.disposition, self.disposition)

    @property
    def ground_label(self) -> str:
        return self.ground.replace("_", " ")

    # The engine's explanation beyond the columns (rule pack 2026.12.06 on; older results have none of it).
    @property
    def model_reading(self) -> dict | None:
        """The learned model's reading: disposition, ground and probabilities."""
        return (self.details or {}).get("model")

    @property
    def model_phrases(self) -> list[dict]:
        """The phrases of the text that favoured the model's reading most ({start, end, text})."""
        return (self.details or {}).get("model_phrases") or []

    @property
    def reviewer_note(self) -> str:
        """One plain sentence for a reviewer when the result is unsure (empty when it is not)."""
        details = self.details or {}
        return reviewer_note(details.get("summary", ""), self.needs_review, details.get("review_reasons"))


class Decision(models.Model):
    """A reviewer's decision on one argument: accept the engine's assessment or override it with a reason."""

    argument = models.OneToOneField(Argument, on_delete=models.CASCADE, related_name="decision")
    disposition = models.CharField(max_length=40)
    ground = models.CharField(max_length=40)
    accepted = models.BooleanField(
        help_text="True when the reviewer accepted the engine's assessment as it was."
    )
    reason = models.TextField(max_length=5000, blank=True)
    engine_disposition = models.CharField(max_length=40)
    engine_ground = models.CharField(max_length=40)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    decided_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(accepted=True) | ~models.Q(reason=""),
                name="decision_override_needs_reason",
                violation_error_message="Give the reason for overriding the engine's assessment.",
            )
        ]

    def __str__(self) -> str:
        return f"{'accepted' if self.accepted else 'overridden'}: {self.disposition}/{self.ground}"

    @property
    def disposition_label(self) -> str:
        return DISPOSITIONS.get(self.disposition, self.disposition)


class ReviewNote(models.Model):
    """A comment in the review conversation: changes requested, approval, reopening."""

    class Kind(models.TextChoices):
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        APPROVED = "approved", "Approved"
        REOPENED = "reopened", "Reopened"
        SUBMITTED = "submitted", "Submitted for review"
        LAW_CHANGE = "law_change", "Law change decided"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="review_notes")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField(max_length=5000, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on case {self.case_id}"


class Revision(models.Model):
    """An approved, immutable snapshot of a case: facts, arguments, assessments, decisions, threshold."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    content_hash = models.CharField(max_length=64)
    rule_pack_version = models.CharField(max_length=40)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    approved_at = models.DateTimeField()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="revision_number_unique_per_case")
        ]

    def __str__(self) -> str:
        return f"Revision {self.number} of case {self.case_id}"

    def save(self, *args, **kwargs) -> None:
        # An approval is a record of what was signed off: it is written once and never changed.
        if self.pk is not None:
            raise ValidationError(
                "An approved revision cannot be changed; reopen the case to start a new one."
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("An approved revision cannot be deleted.")

    @property
    def short_hash(self) -> str:
        return self.content_hash[:12]

    @property
    def approved_on(self) -> date:
        """Return the date of the approval on the organisation's clock, the date its pages and documents show."""
        return self.case.organisation.localtime(self.approved_at).date()


class StoredDocument(models.Model):
    """A document rendered once at approval and served from the database afterwards."""

    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="documents")
    slug = models.CharField(max_length=40)
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slug"]
        constraints = [
            models.UniqueConstraint(fields=["revision", "slug"], name="stored_document_unique_slug")
        ]

    def __str__(self) -> str:
        return self.filename


class Filing(models.Model):
    """One motion filed in court and what became of it: the government's response and the ruling.

    Recorded after approval; the timeline (``analysis.engine.build_timeline``) computes every date that
    follows from these facts.
    """

    class ThresholdPosition(models.TextChoices):
        RAISED = "raised", "Raised the threshold (objected that the motion was premature)"
        NOT_RAISED = "not_raised", "Did not raise the threshold"
        WAIVED = "waived", "Expressly waived the threshold"

    class Ruling(models.TextChoices):
        # The engine's names for the rulings it knows (its timeline follows from each).
        PENDING = "pending", "Pending"
        GRANTED = "granted", RULINGS["granted"]
        DENIED = "denied", RULINGS["denied"]
        DENIED_IN_PART = "denied_in_part", RULINGS["denied_in_part"]
        DISMISSED_PREMATURE = "dismissed_premature", RULINGS["dismissed_premature"]

    GRANTS = (Ruling.GRANTED, Ruling.DENIED_IN_PART)
    DEFAULT_DOCUMENT = "Motion for a sentence reduction under 18 U.S.C. § 3582(c)(1)(A)"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="filings")
    number = models.PositiveIntegerField(editable=False)
    revision = models.ForeignKey(
        Revision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="filings",
        help_text="The approved revision whose documents were filed.",
    )
    filed_on = models.DateField("date filed")
    docket_entry = models.PositiveIntegerField("docket entry (ECF No.)", validators=[MinValueValidator(1)])
    document = models.CharField("document filed", max_length=200, default=DEFAULT_DOCUMENT)
    response_on = models.DateField("date of the government's response", null=True, blank=True)
    response_docket_entry = models.PositiveIntegerField(
        "response docket entry (ECF No.)", null=True, blank=True, validators=[MinValueValidator(1)]
    )
    threshold_position = models.CharField(
        "did the government raise the filing threshold?",
        max_length=20,
        choices=ThresholdPosition.choices,
        blank=True,
        help_text="The threshold is a claim-processing rule: the government can waive or forfeit it.",
    )
    ruling = models.CharField(max_length=30, choices=Ruling.choices, default=Ruling.PENDING)
    ruling_on = models.DateField("date of the order", null=True, blank=True)
    ruling_docket_entry = models.PositiveIntegerField(
        "order docket entry (ECF No.)", null=True, blank=True, validators=[MinValueValidator(1)]
    )
    time_served = models.BooleanField("reduced to time served", default=False)
    new_term_months = models.PositiveIntegerField(
        "new term (months)", null=True, blank=True, validators=[MinValueValidator(1)]
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="filing_number_unique_per_case"),
            models.CheckConstraint(
                condition=models.Q(response_on__isnull=True)
                | models.Q(response_on__gte=models.F("filed_on")),
                name="filing_response_after_filing",
                violation_error_message="The government's response cannot come before the motion was filed.",
            ),
            models.CheckConstraint(
                condition=models.Q(ruling_on__isnull=True) | models.Q(ruling_on__gte=models.F("filed_on")),
                name="filing_ruling_after_filing",
                violation_error_message="The ruling cannot come before the motion was filed.",
            ),
            models.CheckConstraint(
                condition=(models.Q(ruling="pending") & models.Q(ruling_on__isnull=True))
                | (~models.Q(ruling="pending") & models.Q(ruling_on__isnull=False)),
                name="filing_ruling_has_a_date",
                violation_error_message="A ruling needs the date of the order; a pending motion has none.",
            ),
        ]

    def __str__(self) -> str:
        return f"Motion {self.number} of case {self.case_id}"

    @property
    def new_term(self) -> str:
        if self.time_served:
            return "time served"
        if self.new_term_months:
            return f"{self.new_term_months} months"
        return ""

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        today = timezone.localdate()
        for name in ("filed_on", "response_on", "ruling_on"):
            value = getattr(self, name)
            if value and value > today:
                errors.setdefault(name, []).append(
                    "This date is in the future; record it once it has happened."
                )
        if self.filed_on and self.response_on and self.response_on < self.filed_on:
            errors.setdefault("response_on", []).append(
                "The government's response cannot come before the motion was filed."
            )
        if self.filed_on and self.ruling_on and self.ruling_on < self.filed_on:
            errors.setdefault("ruling_on", []).append("The ruling cannot come before the motion was filed.")
        if self.response_on and not self.threshold_position:
            errors.setdefault("threshold_position", []).append(
                "Say whether the government raised the filing threshold."
            )
        if self.ruling != self.Ruling.PENDING and not self.ruling_on:
            errors.setdefault("ruling_on", []).append("Give the date of the order.")
        if self.ruling == self.Ruling.PENDING and self.ruling_on:
            errors.setdefault("ruling", []).append("Choose the ruling, or clear the date of the order.")
        if self.ruling not in self.GRANTS and (self.time_served or self.new_term_months):
            errors.setdefault("new_term_months", []).append("A new term goes with a grant only.")
        if self.ruling in self.GRANTS and not (self.time_served or self.new_term_months):
            errors.setdefault("new_term_months", []).append(
                "Give the new term in months, or tick “reduced to time served”."
            )
        if self.time_served and self.new_term_months:
            errors.setdefault("new_term_months", []).append(
                "Give either a new term or time served, not both."
            )
        if errors:
            raise ValidationError(errors)


class LawChange(models.Model):
    """A newer rule pack would assess an argument differently: a decision for a reviewer, never a rewrite.

    ``python manage.py retriage`` creates these; the old assessment stays in force until a reviewer accepts
    the new one (with a reason) or keeps the old one (with a reason).
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a reviewer"
        ACCEPTED = "accepted", "New assessment accepted"
        KEPT = "kept", "Old assessment kept"
        SUPERSEDED = "superseded", "Superseded by a new triage"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="law_changes")
    argument = models.ForeignKey(Argument, on_delete=models.CASCADE, related_name="law_changes")
    old_rule_pack_version = models.CharField(max_length=40)
    new_rule_pack_version = models.CharField(max_length=40)
    old_disposition = models.CharField(max_length=40)
    old_ground = models.CharField(max_length=40)
    new_disposition = models.CharField(max_length=40)
    new_ground = models.CharField(max_length=40)
    old_result = models.JSONField(help_text="The assessment in force when the change was found.")
    new_result = models.JSONField(help_text="What the newer rule pack says about the same text.")
    text_sha256 = models.CharField(max_length=64)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    reason = models.TextField(max_length=5000, blank=True)
    found_at = models.DateTimeField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["argument__order", "argument_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["argument", "new_rule_pack_version"], name="law_change_once_per_pack"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "superseded"]) | ~models.Q(reason=""),
                name="law_change_decision_needs_reason",
                violation_error_message="Give the reason for your decision.",
            ),
        ]
        indexes = [models.Index(fields=["case", "status"])]

    def __str__(self) -> str:
        return (
            f"{self.old_disposition}/{self.old_ground} → {self.new_disposition}/{self.new_ground} "
            f"({self.new_rule_pack_version}) for argument {self.argument_id}"
        )

    @property
    def old_label(self) -> str:
        return DISPOSITIONS.get(self.old_disposition, self.old_disposition)

    @property
    def new_label(self) -> str:
        return DISPOSITIONS.get(self.new_disposition, self.new_disposition)


def exhibit_path(exhibit: "Exhibit", filename: str) -> str:
    """A random name under the organisation's folder: the uploaded name (client text) never reaches the disk."""
    return f"exhibits/org-{exhibit.case.organisation_id}/{uuid.uuid4().hex}.pdf"


class Exhibit(models.Model):
    """A PDF filed with the motion (the warden request, proof of receipt, a denial, medical records …).

    Checked on upload (``analysis.exhibits``); numbered by ``position`` in the motion's exhibits list and the
    filing packet. A sealed exhibit is listed but replaced by a placeholder page in the packet.
    """

    class Kind(models.TextChoices):
        WARDEN_REQUEST = "warden_request", "Request to the warden"
        PROOF_OF_RECEIPT = "proof_of_receipt", "Proof of receipt"
        DENIAL = "denial", "Denial"
        MEDICAL_RECORDS = "medical_records", "Medical records"
        RELEASE_PLAN = "release_plan", "Release plan"
        OTHER = "other", "Other"

    #: Kinds sealed unless staff decide otherwise.
    SEALED_BY_DEFAULT = frozenset({Kind.MEDICAL_RECORDS})

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="exhibits")
    position = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    dated = models.DateField("date of the document", null=True, blank=True)
    kind = models.CharField("type", max_length=30, choices=Kind.choices)
    sealed = models.BooleanField("file under seal", default=False)
    file = models.FileField(upload_to=exhibit_path, max_length=200)
    size = models.PositiveIntegerField(help_text="Bytes.")
    pages = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    uploaded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"Exhibit {self.position} of case {self.case_id}"


class NotificationSettings(models.Model):
    """What one person is e-mailed about (every kind on until they switch it off), and their calendar feed.

    The feed's secret is stored only as its SHA-256: the URL is shown once, when it is made, and a leaked
    database does not leak working feed URLs."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    case_submitted = models.BooleanField("a case is submitted for review (to its reviewer)", default=True)
    changes_requested = models.BooleanField("a reviewer asks for changes on my case", default=True)
    case_approved = models.BooleanField("my case is approved", default=True)
    daily_digest = models.BooleanField("a daily digest of filing dates and appeal deadlines", default=True)
    digest_sent_on = models.DateField(null=True, blank=True, editable=False)
    calendar_token_sha256 = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )

    def __str__(self) -> str:
        return f"Notifications of {self.user}"
