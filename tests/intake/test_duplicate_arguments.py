"""A duplicate argument is not added without a word (issue 13, item 6)."""

import pytest
from django.urls import reverse

from intake import duplicates
from intake.models import Argument
from tests.factories import make_argument, make_case

HTMX = {"HTTP_HX_REQUEST": "true"}
EXISTING = "He has stage IV lung cancer and his oncologist gives him less than a year to live."


@pytest.fixture
def case(org, intake_user):
    case = make_case(org, created_by=intake_user)
    make_argument(case, text="His mother had a stroke and cannot care for his two children.")
    make_argument(case, text=EXISTING)
    return case


def add(client, case, text: str, **extra):
    return client.post(
        reverse("intake:argument_create", args=[case.pk]), {"text": text, "source": "staff", **extra}, **HTMX
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text",
    [
        EXISTING,
        "  he has Stage IV lung cancer, and his oncologist gives him less than a year to live!  ",
        "He has stage IV lung cancer and his oncologist gives him less than one year to live.",
        "He has stage 4 lung cancer and his oncologist gives him less than a year to live.",
    ],
)
def test_the_same_or_nearly_the_same_argument_is_warned_about_and_not_added(intake_client, case, text):
    response = add(intake_client, case, text)
    html = response.content.decode()
    assert response.status_code == 200
    assert "This looks like argument #2, already on this case" in html
    assert "Add anyway" in html and "Keep the existing one" in html
    assert case.arguments.count() == 2


@pytest.mark.django_db
def test_add_anyway_adds_the_duplicate(intake_client, case):
    response = add(intake_client, case, EXISTING, duplicate="add")
    assert response.status_code == 200
    assert "This looks like argument" not in response.content.decode()
    assert list(case.arguments.values_list("text", flat=True)).count(EXISTING) == 2


@pytest.mark.django_db
def test_a_different_argument_is_added_without_a_warning(intake_client, case):
    response = add(intake_client, case, "He has lung cancer and needs chemotherapy the prison cannot give.")
    assert "This looks like argument" not in response.content.decode()
    assert case.arguments.count() == 3


@pytest.mark.django_db
def test_without_htmx_the_warning_is_on_the_case_page(intake_client, case):
    response = intake_client.post(
        reverse("intake:argument_create", args=[case.pk]), {"text": EXISTING, "source": "staff"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html and "This looks like argument #2" in html
    assert Argument.objects.filter(case=case).count() == 2


@pytest.mark.django_db
def test_only_the_cases_own_arguments_count(intake_client, case, org):
    other = make_case(org)
    make_argument(other, text="Completely new words about a heart condition and a failing kidney.")
    response = add(intake_client, case, "Completely new words about a heart condition and a failing kidney.")
    assert "This looks like argument" not in response.content.decode()


def test_normalised_text_ignores_case_punctuation_and_spacing():
    assert duplicates.normalise_text("  Stage IV,\n lung   CANCER! ") == "stage iv lung cancer"
    assert duplicates.similarity("abc def", "abc def") == 1.0
    assert (
        duplicates.similarity("his mother is ill", "he has cancer of the lung")
        < duplicates.SIMILARITY_THRESHOLD
    )


@pytest.mark.django_db
def test_an_edit_that_repeats_another_argument_is_warned_about_and_not_saved(intake_client, case):
    first = case.arguments.order_by("order").first()
    url = reverse("intake:argument_edit", args=[case.pk, first.pk])
    response = intake_client.post(url, {"text": EXISTING.upper(), "source": "staff"}, **HTMX)
    html = response.content.decode()
    assert "This looks like argument #2, already on this case" in html and "Save anyway" in html
    first.refresh_from_db()
    assert first.text.startswith("His mother")
    intake_client.post(url, {"text": EXISTING.upper(), "source": "staff", "duplicate": "add"}, **HTMX)
    first.refresh_from_db()
    assert first.text == EXISTING.upper()


@pytest.mark.django_db
def test_editing_an_argument_without_changing_it_is_not_a_duplicate_of_itself(intake_client, case):
    second = case.arguments.order_by("order").last()
    url = reverse("intake:argument_edit", args=[case.pk, second.pk])
    response = intake_client.post(url, {"text": EXISTING + " Really.", "source": "staff"})
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.text.endswith("Really.")
