"""The Content Security Policy: its header on every kind of response, and markup that can live under it.

The policy allows scripts and styles from this origin only (no 'unsafe-inline', no 'unsafe-eval'), so an
inline <script>, <style>, style="..." attribute, on*= handler or javascript: URL would be blocked in the
browser. Two nets catch them before a user does: a scan of the template sources and a parse of every page
the URL conf serves, rendered for a role that may open it. tests/browser/test_csp_in_browser.py then shows the
pages working in Chromium with no violation reported.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import make_case_in_review
from tests.intake.test_permissions_sweep import PAGES, build_objects, url_of

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# WeasyPrint renders these to PDF on the server; no browser ever applies the CSP to them.
SERVER_RENDERED_ONLY = TEMPLATES / "documents"


def parse_policy(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


# --- The header ---------------------------------------------------------------------------------------------


def assert_strict_policy(response) -> None:
    assert "Content-Security-Policy" in response, f"no CSP on {response.request['PATH_INFO']}"
    header = response["Content-Security-Policy"]
    policy = parse_policy(header)
    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["base-uri"] == ["'self'"]
    assert set(policy["img-src"]) <= {"'self'", "data:"}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/accounts/login/", "/healthz"])
def test_pages_open_to_anyone_carry_the_policy(path):
    response = Client().get(path)
    assert response.status_code == 200
    assert_strict_policy(response)


@pytest.mark.parametrize(
    "path",
    [
        lambda case: "/",
        lambda case: "/cases/",
        lambda case: f"/cases/{case.pk}/",
        lambda case: f"/cases/{case.pk}/review/",
        lambda case: "/cases/999999/",  # the 404 page
        lambda case: "/organisation/staff/",  # the 403 page for intake staff
    ],
    ids=["home", "case list", "case page", "review page", "404", "403"],
)
def test_signed_in_pages_and_error_pages_carry_the_policy(intake_client, case, path):
    response = intake_client.get(path(case))
    assert response.status_code in (200, 403, 404)
    assert_strict_policy(response)


# --- Markup that the policy would block -------------------------------------------------------------------

INLINE_IN_TEMPLATE = {
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
    "<style> element": re.compile(r"<style\b", re.I),
    "inline <script>": re.compile(r"<script\b(?![^>]*\bsrc\s*=)", re.I),
    "on* event handler": re.compile(r"\son[a-z]+\s*=", re.I),
    "hx-on handler (needs eval)": re.compile(r"\shx-on", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
    "js: expression in hx-vals/hx-headers (needs eval)": re.compile(
        r"""hx-(vals|headers)\s*=\s*['"]\s*js:""", re.I
    ),
}


def browser_templates() -> list[Path]:
    return sorted(path for path in TEMPLATES.rglob("*.html") if SERVER_RENDERED_ONLY not in path.parents)


def test_the_template_scan_sees_the_browser_templates_and_not_the_documents():
    names = {str(path.relative_to(TEMPLATES)) for path in browser_templates()}
    assert {"base.html", "intake/case_detail.html", "503.html"} <= names
    assert not any(name.startswith("documents/") for name in names)


@pytest.mark.parametrize("template", browser_templates(), ids=lambda path: str(path.relative_to(TEMPLATES)))
def test_no_template_has_inline_script_style_or_handlers(template):
    source = template.read_text(encoding="utf-8")
    found = [
        f"{what} on line {source.count(chr(10), 0, match.start()) + 1}"
        for what, pattern in INLINE_IN_TEMPLATE.items()
        for match in pattern.finditer(source)
    ]
    assert not found, (
        f"{template.relative_to(TEMPLATES)}: {found} (the CSP blocks these; use app.css / static JS)"
    )


class InlineFinder(HTMLParser):
    """Collects, from rendered HTML, everything the CSP would block."""

    DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}

    def __init__(self):
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name, value in attrs:
            if name == "style":
                self.problems.append(f"<{tag} style={value!r}>")
            elif name.startswith("on") or name.startswith("hx-on"):
                self.problems.append(f"<{tag} {name}=...>")
            elif name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"<{tag} {name}={value!r}>")
            elif name in ("hx-vals", "hx-headers") and (value or "").strip().startswith(
                ("js:", "javascript:")
            ):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "style":
            self.problems.append("<style> element")
        if tag == "script" and "src" not in values and values.get("type") not in self.DATA_SCRIPT_TYPES:
            self.problems.append("inline <script>")


def inline_markup(html: str) -> list[str]:
    finder = InlineFinder()
    finder.feed(html)
    return finder.problems


def test_the_html_check_finds_what_the_policy_blocks():
    # Guards the check below: it must see each kind of inline code, and pass clean markup.
    html = (
        '<p style="color:red" onclick="x()"><a href="javascript:x()">a</a></p><style>p{}</style>'
        '<script>x()</script><div hx-on:click="x()"></div>'
    )
    assert len(inline_markup(html)) == 6
    assert inline_markup('<script src="/static/x.js" defer></script><p class="ok">fine</p>') == []


@pytest.fixture
def every_page(org, intake_user, reviewer, intake_client, reviewer_client, admin_client_org):
    """(url name, url, client) for every GET page of the URL conf, for a role allowed to open it, with the
    case triaged so that assessments, badges and evidence highlights are on the pages."""
    from analysis import triage

    objects = build_objects(org, intake_user, reviewer)
    triage.run_triage(case=objects["case"], by=intake_user)
    clients = {"intake": intake_client, "reviewer": reviewer_client, "admin": admin_client_org}
    pages = []
    for name, page in PAGES.items():
        if "GET" in page.methods and page.opens:
            role = next(role for role in ("intake", "reviewer", "admin") if role in page.roles)
            pages.append((name, url_of(name, objects), clients[role]))
    in_review = make_case_in_review(org, created_by=intake_user)
    pages.append(("review of a case in review", f"/cases/{in_review.pk}/review/", reviewer_client))
    pages.append(("password change", "/accounts/password_change/", intake_client))
    pages.append(("login", "/accounts/login/", Client()))
    return pages


def test_every_page_renders_without_inline_script_style_or_handlers(every_page):
    checked = []
    for name, url, client in every_page:
        response = client.get(url)
        assert response.status_code == 200, f"{name} {url}"
        if not response["Content-Type"].startswith("text/html"):
            continue
        problems = inline_markup(response.content.decode())
        assert not problems, f"{name} ({url}): {problems}"
        checked.append(name)
    assert {"intake:case_detail", "intake:home", "analysis:case_review", "login"} <= set(checked)


def test_document_previews_are_downloads_not_pages_the_browser_renders(intake_client, case):
    """The 'preview' links on the review page download the PDF or DOCX; no HTML reaches the browser."""
    from analysis.documents_service import document_slugs

    for slug in document_slugs():
        response = intake_client.get(f"/cases/{case.pk}/documents/{slug}/")
        assert response.status_code == 200, slug
        assert response["Content-Disposition"].startswith("attachment;"), slug
        assert not response["Content-Type"].startswith("text/html"), slug
