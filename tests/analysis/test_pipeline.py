"""The organisation admin's pipeline page (#13 item 9): figures scoped to the organisation, a fixed number of
queries, charts as inline SVG with the numbers in a table beside them."""

import re
from datetime import UTC, date, datetime, timedelta
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from analysis.models import Decision, Filing
from analysis.pipeline import pipeline_for
from intake.models import Case
from tests.factories import make_approved_case, make_case, make_user

INTAKE_DAY = date(2020, 1, 1)


def filed_case(org, intake_user, reviewer, *filings, disposition="compassionate_release", ground="medical"):
    """An approved case taken in on INTAKE_DAY with ``filings`` as (days after intake, ruling), every argument
    decided as ``disposition``/``ground``."""
    case = make_approved_case(org, created_by=intake_user, approved_by=reviewer, render_documents=False)
    Case.objects.filter(pk=case.pk).update(created_at=datetime(2020, 1, 1, 12, tzinfo=UTC))
    Decision.objects.filter(argument__case=case).update(disposition=disposition, ground=ground)
    for number, (days, ruling) in enumerate(filings, 1):
        filed_on = INTAKE_DAY + timedelta(days=days)
        Filing.objects.create(
            case=case,
            number=number,
            filed_on=filed_on,
            docket_entry=number,
            ruling=ruling,
            ruling_on=filed_on + timedelta(days=30),
        )
    return case


@pytest.fixture
def pipeline_org(org, other_org, intake_user, reviewer):
    filed_case(org, intake_user, reviewer, (10, "granted"))
    second = filed_case(org, intake_user, reviewer, (20, "dismissed_premature"), (60, "denied"))
    Decision.objects.filter(pk=Decision.objects.filter(argument__case=second).first().pk).update(
        ground="family"
    )
    make_case(org, created_by=intake_user)  # a draft
    # Another organisation's filed motion counts nowhere here.
    outsider = make_user(other_org, "olga")
    filed_case(other_org, outsider, make_user(other_org, "otto", role="reviewer"), (1, "granted"))
    return org


def counts(bars):
    return {bar.label: bar.value for bar in bars if bar.value}


def test_cases_by_status_median_days_and_rulings_by_ground_of_the_organisation_only(pipeline_org, org_admin):
    pipeline = pipeline_for(org_admin)
    assert counts(pipeline.statuses) == {"Draft": 1, "Approved": 2}
    assert (pipeline.median_days_to_filing, pipeline.cases_filed) == (15, 2)
    by_ground = {ground: counts(bars) for ground, bars in pipeline.outcomes_by_ground}
    assert by_ground == {
        "Family circumstances": {"Denied": 1},
        "Medical circumstances": {"Granted": 1, "Denied": 1},
    }


def test_grounds_show_their_labels_and_a_key_shared_by_dispositions_shows_its_disposition(
    org, intake_user, reviewer, admin_client_org
):
    filed_case(org, intake_user, reviewer, (10, "granted"), ground="family")
    filed_case(org, intake_user, reviewer, (10, "denied"), ground="other")
    filed_case(org, intake_user, reviewer, (10, "denied"), disposition="other_vehicle", ground="other")
    page = unescape(admin_client_org.get(reverse("intake:pipeline")).content.decode())
    # The labels the documents print, in the taxonomy's order; "other" is a ground of three dispositions, so it
    # says which, and the two "other" grounds stay apart.
    assert re.findall(r"<h3>(.*?)</h3>", page) == [
        "Family circumstances",
        "Compassionate release: Other extraordinary and compelling reasons",
        "Other vehicle: Another process",
    ]


def test_the_page_draws_svg_bars_beside_a_table_without_inline_style(pipeline_org, admin_client_org):
    response = admin_client_org.get(reverse("intake:pipeline"))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("<svg") == 3  # statuses and two grounds
    assert 'width="100.0"' in page  # the largest bar spans the chart
    assert "style=" not in page and "<script>" not in page
    assert re.search(r"Median <strong>15 days</strong>", page)
    assert re.search(r"<th scope=\"row\">.*Approved</th><td>2</td>", page)


def test_the_number_of_queries_does_not_grow_with_the_cases(
    pipeline_org, org_admin, admin_client_org, intake_user, reviewer
):
    with CaptureQueriesContext(connection) as before:
        admin_client_org.get(reverse("intake:pipeline"))
    filed_case(pipeline_org, intake_user, reviewer, (5, "granted"), ground="other")
    with CaptureQueriesContext(connection) as after:
        admin_client_org.get(reverse("intake:pipeline"))
    assert len(after) == len(before)


def test_a_motion_filed_before_its_case_was_entered_is_left_out_of_the_median(
    pipeline_org, org_admin, intake_user, reviewer
):
    # History typed in afterwards (the demo's court cases, a case taken over from another office) would give
    # negative days; it says nothing about the team's pace.
    filed_case(pipeline_org, intake_user, reviewer, (-90, "denied"))
    pipeline = pipeline_for(org_admin)
    assert (pipeline.median_days_to_filing, pipeline.cases_filed) == (15, 2)


def test_the_chart_comment_is_not_printed_on_the_page(pipeline_org, admin_client_org):
    page = admin_client_org.get(reverse("intake:pipeline")).content.decode()
    assert "{#" not in page and "#}" not in page
