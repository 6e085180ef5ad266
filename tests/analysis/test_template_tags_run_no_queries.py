"""Template tags run no queries: the views compute what the templates show and pass it in the context.

Every query made while the main pages render is checked for one of the project's template tag modules on its
stack (intake/templatetags, analysis/templatetags); one found fails the query, and so the page. Block tags of
Django and its packages ({% for %}, {% partialdef %}) render the page's own content and are not checked.
"""

import traceback
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from analysis import retriage
from analysis.models import LawChange
from intake.models import Case
from tests.factories import BEFORE_RUTHERFORD, CHANGE_IN_LAW_CLAIM, make_approved_case

ROOT = Path(__file__).resolve().parents[2]
TAG_MODULES = tuple(str(ROOT / app / "templatetags") for app in ("intake", "analysis"))


class QueryFromATemplateTag(AssertionError):
    pass


def _refuse_queries_from_template_tags(execute, sql, params, many, context):
    tags = [frame for frame in traceback.extract_stack() if frame.filename.startswith(TAG_MODULES)]
    if tags:
        raise QueryFromATemplateTag(f"{tags[-1].filename}:{tags[-1].lineno} ({tags[-1].name}) ran: {sql}")
    return execute(sql, params, many, context)


@pytest.fixture
def case_with_a_pending_law_change(org, intake_user, reviewer) -> Case:
    case = make_approved_case(
        org,
        created_by=intake_user,
        approved_by=reviewer,
        texts=[CHANGE_IN_LAW_CLAIM, "He has stage IV lung cancer that has spread to his bones."],
        triage_as_of=BEFORE_RUTHERFORD,
        render_documents=False,
    )
    retriage.retriage_open_cases(cases=Case.objects.filter(pk=case.pk))
    assert case.law_changes.filter(status=LawChange.Status.PENDING).exists()
    return case


def _query_from_a_tag_module() -> int:
    """Run a query from a frame whose file is a template tag module, as a querying tag would."""
    import analysis.templatetags.triage as tags

    code = compile("Case.objects.count()", tags.__file__, "eval")
    return eval(code, {"Case": Case})  # noqa: S307 - a fixed expression, compiled under the tag module's name


def test_the_guard_refuses_a_query_from_a_tag_module_and_lets_others_through(db):
    with connection.execute_wrapper(_refuse_queries_from_template_tags):
        assert Case.objects.count() == 0
        with pytest.raises(QueryFromATemplateTag, match="templatetags"):
            _query_from_a_tag_module()


@pytest.mark.parametrize(
    ("who", "page"),
    [
        ("reviewer_client", "intake:home"),
        ("reviewer_client", "intake:case_detail"),
        ("intake_client", "intake:case_detail"),
        ("reviewer_client", "analysis:case_review"),
        ("reviewer_client", "analysis:court"),
        ("reviewer_client", "intake:case_history"),
        ("admin_client_org", "intake:case_erase"),
        ("reviewer_client", "analysis:review_queue"),
        ("intake_client", "intake:case_list"),
    ],
)
def test_the_main_pages_render_without_a_query_from_a_template_tag(
    request, who, page, case_with_a_pending_law_change
):
    client = request.getfixturevalue(who)
    case = case_with_a_pending_law_change
    needs_case = page not in ("intake:home", "analysis:review_queue", "intake:case_list")
    url = reverse(page, args=[case.pk] if needs_case else [])
    with connection.execute_wrapper(_refuse_queries_from_template_tags):
        response = client.get(url)
    assert response.status_code == 200
    if page in ("intake:case_detail", "analysis:case_review"):
        assert b"The law changed." in response.content
        assert b"Law changed: 1 decision waiting" in response.content
    if page in ("intake:case_detail", "analysis:court"):
        assert b"Timeline" in response.content
