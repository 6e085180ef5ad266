"""Triage results and the review that turns them into approved work product.

``Assessment`` is what the engine said about an argument; ``Decision`` is what the reviewing attorney decided;
``Revision`` is the frozen snapshot an approval creates, with its rendered ``StoredDocument``s.
"""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

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
