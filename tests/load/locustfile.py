"""The staff `make load` simulates: intake staff and reviewers of one seeded organisation (see tests/load/run.py).

Not a pytest module. It needs two environment variables, set by run.py: LOAD_MANIFEST (the JSON written by
`manage.py seed_load --manifest`) and LOAD_PASSWORD (the seeded accounts' password).

Every simulated person signs in once through the sign-in form (Argon2 makes each sign-in deliberately slow),
then repeats a weighted mix of what staff do, waiting 1-3 s between actions:

- intake staff: the case list (paging, mostly through the first five of its 400 pages; search-as-you-type
  through htmx; filters and sorts), a case page, the live triage preview while typing an argument, a stored
  PDF of an approved case;
- reviewers: the review page of one of *their own* in-review cases and a decision on one argument (accept or
  override with a reason) carrying the case version from the page; their filtered case list; a case page; a
  stored PDF. Each in-review case is assigned to exactly one reviewer by the seed, so two simulated reviewers
  never write to the same case and an optimistic-lock conflict should not happen; if one does, it is counted
  on its own row ("review save: conflict (expected)"), not as an error.

A request counts as an error when the status is not the one expected, when it lands on the sign-in page
(a lost session), or when the body lacks what the page must show.
"""

import itertools
import json
import os
import random
import re
import time
from pathlib import Path

from locust import HttpUser, between, events, task

MANIFEST = json.loads(Path(os.environ["LOAD_MANIFEST"]).read_text(encoding="utf-8"))
PASSWORD = os.environ["LOAD_PASSWORD"]
LOGIN_URL = "/accounts/login/"

# Arguments as staff type them: short and long, several dispositions (all fictional, like the demo's).
PREVIEW_TEXTS = [
    "He has stage IV lung cancer that has spread to his bones and the oncologist gives him months.",
    "His lawyer never told him about the plea offer the government made before trial.",
    "If I was sentenced today I would not get the stacked 924(c) time, I would get 25 years less.",
    "BOP has not credited the 14 months I spent in state custody on this same conduct.",
    "im 72 and cant walk to chow hall without help, my eyes are going and I fell twice this year, the "
    "medical staff says there is nothing more they can do for me here and my daughter can care for me",
    "Her mother, who cared for her two children since her arrest, died in March and no one else can.",
    "The prosecutor hid a cooperation deal with the main government witness and let him lie at trial.",
]
SORTS = ["updated", "client", "docket", "status", "district", "created"]
STATUSES = ["draft", "in_review", "changes_requested", "approved"]
VERSION_RE = re.compile(r'name="a(\d+)-version" value="(\d+)"')
MESSAGE_RE = re.compile(r'<li class="message message-(\w+)">(.*?)</li>', re.S)
# A refused decision's errors, beside its form on the review page that comes back.
FORM_ERROR_RE = re.compile(r'<(?:div class="form-errors"|ul class="errorlist")[^>]*>(.*?)</(?:div|ul)>', re.S)

_intake_accounts = itertools.cycle(MANIFEST["intake"])
_reviewer_accounts = itertools.cycle(MANIFEST["reviewers"])


class Staff(HttpUser):
    abstract = True
    wait_time = between(1, 3)

    def sign_in(self, username: str) -> None:
        self.username = username
        self.client.get(LOGIN_URL, name="sign-in page")
        token = self.client.cookies.get("csrftoken", "")
        with self.client.post(
            LOGIN_URL,
            data={
                "username": username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": token,
                "next": "/cases/",
            },
            allow_redirects=False,
            catch_response=True,
            name="sign in",
        ) as response:
            if response.status_code != 302 or response.headers.get("Location") != "/cases/":
                response.failure(f"sign-in refused (status {response.status_code})")

    def page(self, url: str, name: str, must_contain: str, **kwargs):
        """GET a page; an error unless it is a 200 with ``must_contain`` and not the sign-in page."""
        with self.client.get(url, name=name, catch_response=True, **kwargs) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
            elif LOGIN_URL in response.url:
                response.failure("sent to the sign-in page (session lost)")
            elif must_contain not in response.text:
                response.failure(f"page lacks {must_contain!r}")
            return response

    def post_headers(self, htmx: bool = False) -> dict:
        headers = {"X-CSRFToken": self.client.cookies.get("csrftoken", "")}
        if htmx:
            headers["HX-Request"] = "true"
        return headers

    def open_case(self) -> None:
        case_id = random.choice(MANIFEST["case_ids"])
        self.page(f"/cases/{case_id}/", "case page", "United States v.")

    def download_pdf(self) -> None:
        case_id = random.choice(MANIFEST["approved_case_ids"])
        slug = random.choice(MANIFEST["pdf_slugs"])
        url = f"/cases/{case_id}/revisions/1/documents/{slug}/"
        with self.client.get(url, name="stored PDF download", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
            elif response.headers.get("Content-Type") != "application/pdf" or not response.content.startswith(
                b"%PDF-"
            ):
                response.failure("not a PDF")


class IntakeStaff(Staff):
    fixed_count = 35

    def on_start(self) -> None:
        self.sign_in(next(_intake_accounts))

    @task(1)
    def home(self) -> None:
        self.page("/", "home", "court-dates-heading")

    @task(4)
    def case_list(self) -> None:
        kind = random.random()
        if kind < 0.4:
            # Mostly the first pages, as people browse; now and then a deep one (400 pages of 25 cases).
            page = random.randint(1, 5) if random.random() < 0.7 else random.randint(6, 400)
            params = {"page": page, "sort": random.choice(SORTS)}
            self.page("/cases/", "case list: page", 'id="case-results"', params=params)
        elif kind < 0.75:
            # Search-as-you-type: htmx asks for the results partial only.
            params = {"q": random.choice(MANIFEST["search_terms"])}
            self.page(
                "/cases/",
                "case list: search (htmx)",
                'id="case-results"',
                params=params,
                headers={"HX-Request": "true"},
            )
        else:
            params = random.choice(
                [
                    {"status": random.choice(STATUSES)},
                    {"circuit": random.choice(MANIFEST["circuits"])},
                    {"district": random.choice(MANIFEST["districts"])},
                ]
            )
            params.update(sort=random.choice(SORTS), page=random.randint(1, 5))
            self.page("/cases/", "case list: filter", 'id="case-results"', params=params)

    @task(3)
    def case_page(self) -> None:
        self.open_case()

    @task(3)
    def live_triage_preview(self) -> None:
        """Type an argument on a case page: htmx posts the text after each pause in typing."""
        case_id = random.choice(MANIFEST["case_ids"])
        text = random.choice(PREVIEW_TEXTS)
        for typed in (text[: len(text) // 2], text):
            with self.client.post(
                f"/cases/{case_id}/triage/preview/",
                data={"text": typed},
                headers=self.post_headers(htmx=True),
                name="triage preview (htmx)",
                catch_response=True,
            ) as response:
                if response.status_code != 200:
                    response.failure(f"status {response.status_code}")
                elif "Live triage preview" not in response.text:
                    response.failure("no preview in the answer")
            time.sleep(random.uniform(0.3, 0.8))

    @task(2)
    def stored_pdf(self) -> None:
        self.download_pdf()


class Reviewer(Staff):
    fixed_count = 15

    def on_start(self) -> None:
        account = next(_reviewer_accounts)
        self.reviewer_id = account["id"]
        self.own_cases = itertools.cycle(account["cases"])
        self.sign_in(account["username"])

    def review_page(self, case_id: int):
        return self.page(f"/cases/{case_id}/review/", "review page", "decision-form")

    @task(4)
    def review_save(self) -> None:
        """Open one of my cases in review, decide one argument, land back on the review page."""
        case_id = next(self.own_cases)
        response = self.review_page(case_id)
        forms = VERSION_RE.findall(response.text or "")
        if not forms:
            return  # already counted as an error by page()
        argument_id, version = random.choice(forms)
        prefix = f"a{argument_id}"
        data = {f"{prefix}-version": version, f"{prefix}-decision": "accept"}
        if random.random() < 0.3:
            data.update(
                {
                    f"{prefix}-decision": "override",
                    f"{prefix}-outcome": random.choice(MANIFEST["outcomes"]),
                    f"{prefix}-reason": "Load test: the client's own words support a different ground.",
                }
            )
        started = time.perf_counter()
        with self.client.post(
            f"/cases/{case_id}/review/arguments/{argument_id}/",
            data=data,
            headers=self.post_headers(),
            allow_redirects=False,
            name="review save",
            catch_response=True,
        ) as saved:
            location = saved.headers.get("Location", "")
            if saved.status_code == 302 and location.endswith(f"#argument-{argument_id}"):
                self.review_page(case_id)  # the browser follows the redirect
                return
            if saved.status_code == 200:
                # Refused: the review page comes back with the decision as posted and the reason beside it.
                messages = " ".join(
                    re.sub(r"<[^>]+>", " ", text) for text in FORM_ERROR_RE.findall(saved.text)
                )
            elif saved.status_code == 302:
                # Refused otherwise: the reason is in the message on the review page it redirects to.
                landing = self.client.get(location, name="review page")
                messages = " ".join(text for _kind, text in MESSAGE_RE.findall(landing.text))
            else:
                saved.failure(f"status {saved.status_code}")
                return
            if "was changed by" in messages:
                saved.success()
                events.request.fire(
                    request_type="POST",
                    name="review save: conflict (expected)",
                    response_time=(time.perf_counter() - started) * 1000,
                    response_length=0,
                    exception=None,
                    context={},
                )
            else:
                saved.failure(f"decision not saved: {messages[:120] or 'no message'}")

    @task(1)
    def home(self) -> None:
        self.page("/", "home", "queue-heading")

    @task(1)
    def review_queue(self) -> None:
        self.page("/review/", "review queue", "Review queue")

    @task(2)
    def my_reviews(self) -> None:
        params = {"assigned": self.reviewer_id, "status": "in_review", "sort": random.choice(SORTS)}
        self.page("/cases/", "case list: filter", 'id="case-results"', params=params)

    @task(1)
    def case_page(self) -> None:
        self.open_case()

    @task(1)
    def stored_pdf(self) -> None:
        self.download_pdf()
