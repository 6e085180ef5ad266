"""One time zone per organisation: the page and the PDF agree on the date of an approval (issue 13, item 10)."""

import io
import re
from datetime import UTC, datetime
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from analysis import review
from analysis.models import StoredDocument
from tests.factories import accept_every_argument, make_case_in_review, make_organisation


@pytest.mark.parametrize(
    ("zone", "approved", "on_the_page"),
    [
        ("America/New_York", datetime(2026, 12, 5, 23, 30, tzinfo=UTC), "2026-12-05 18:30"),
        (
            "America/New_York",
            datetime(2026, 12, 6, 2, 46, tzinfo=UTC),
            "2026-12-05 21:46",
        ),  # the case
        ("Pacific/Auckland", datetime(2026, 12, 5, 23, 30, tzinfo=UTC), "2026-12-06 12:30"),
    ],
)
def test_an_approval_shows_the_same_date_on_the_page_and_in_the_memo(
    org, intake_user, reviewer, reviewer_client, zone, approved, on_the_page
):
    org.time_zone = zone
    org.save()
    case = make_case_in_review(org, created_by=intake_user, texts=["He has stage IV lung cancer."])
    accept_every_argument(case, reviewer)
    with mock.patch.object(review.timezone, "now", return_value=approved):
        review.approve(case=case, by=reviewer, threshold_acknowledged=True)

    page = reviewer_client.get(reverse("analysis:case_review", args=[case.pk])).content.decode()
    assert f"approved by {reviewer} on {on_the_page}" in page
    memo = StoredDocument.objects.get(revision__case=case, slug="triage-memo")
    day = on_the_page[:10]
    text = " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(bytes(memo.content))).pages)
    assert f"approved by {reviewer} on {day} ·" in re.sub(r"\s+", " ", text)


def test_a_new_organisation_takes_the_settings_time_zone_and_refuses_an_unknown_one(db, settings):
    settings.TIME_ZONE = "America/Chicago"
    organisation = make_organisation(name="Chicago Defenders")
    assert organisation.time_zone == "America/Chicago"
    organisation.time_zone = "Mars/Olympus_Mons"
    with pytest.raises(ValidationError) as refused:
        organisation.full_clean()
    assert "IANA time zone" in str(refused.value)


def test_a_page_outside_the_request_keeps_the_default_time_zone(org, intake_client):
    """The zone is activated for the request only: the next anonymous page is back on TIME_ZONE."""
    from django.utils import timezone

    org.time_zone = "Pacific/Auckland"
    org.save()
    assert intake_client.get(reverse("intake:home")).status_code == 200
    assert timezone.get_current_timezone_name() == "America/New_York"
