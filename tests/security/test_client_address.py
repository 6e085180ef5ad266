"""config/client_address.py: which address is the client's, with and without trusted proxies in front.

The sign-in lock-out (tests/security/test_throttling.py) and gunicorn's access log
(tests/security/test_deploy_settings.py) show it at work; here are the edge cases of the header itself.
"""

import pytest

from config.client_address import client_address


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "expected"),
    [
        (0, "203.0.113.5", "127.0.0.1"),  # no proxy configured: the header is the client's word, ignored
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "6.6.6.6, 203.0.113.5", "203.0.113.5"),  # the client's own entry is left of the proxy's
        (1, "6.6.6.6,203.0.113.5", "203.0.113.5"),
        (2, "6.6.6.6, 203.0.113.5, 10.0.0.2", "203.0.113.5"),
        (1, "2001:db8::1", "2001:db8::1"),
        (1, "", "127.0.0.1"),  # the proxy added nothing: fall back to the peer
        (2, "203.0.113.5", "127.0.0.1"),  # fewer entries than proxies: not trusted
        (1, "6.6.6.6, not-an-address", "127.0.0.1"),
        (1, "6.6.6.6, 203.0.113.5:4431", "127.0.0.1"),  # ports are not something our proxies add
    ],
)
def test_the_client_is_the_right_most_address_no_trusted_proxy_vouches_for(
    settings, proxies, forwarded_for, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    meta = {"REMOTE_ADDR": "127.0.0.1"}
    if forwarded_for:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded_for
    assert client_address(meta) == expected


def test_without_a_header_behind_no_proxy_the_address_is_the_peer(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address({"REMOTE_ADDR": "198.51.100.10"}) == "198.51.100.10"
