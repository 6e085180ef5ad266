"""Browsers ask for /favicon.ico on every page; it must be served, not logged as a 404."""

import pytest
from django.urls import reverse


def test_favicon_ico_is_served_at_the_site_root_without_login(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # the ICO signature


@pytest.mark.django_db
def test_pages_name_their_svg_icon(client):
    content = client.get(reverse("login")).content.decode()
    assert 'rel="icon"' in content and "favicon" in content
