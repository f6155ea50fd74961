"""The address the login lockout counts (core.client_ip)."""

import logging

import pytest
from django.test import RequestFactory

from core.client_ip import client_ip

PROXY = "10.0.0.2"


def request(remote_addr, forwarded=None):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/admin/login/", **extra)


@pytest.fixture
def proxies(settings):
    def set_up(count, trusted=None):
        settings.TRUSTED_PROXY_COUNT = count
        if trusted is not None:
            settings.TRUSTED_PROXIES = trusted

    return set_up


def test_without_proxies_the_peer_is_the_client(proxies):
    proxies(0)

    assert client_ip(request("203.0.113.7", "1.2.3.4")) == "203.0.113.7"


def test_behind_one_proxy_the_entry_it_appended_is_the_client(proxies, caplog):
    proxies(1)

    assert client_ip(request(PROXY, "1.2.3.4, 203.0.113.7")) == "203.0.113.7"
    assert not caplog.records


def test_a_peer_that_is_not_a_trusted_proxy_is_the_client_whatever_it_writes(proxies, caplog):
    # A server reached directly although TRUSTED_PROXY_COUNT says a proxy is in
    # front: every client writes its own X-Forwarded-For.
    proxies(1)

    with caplog.at_level(logging.WARNING, logger="core.client_ip"):
        assert client_ip(request("198.51.100.20", "203.0.113.7")) == "198.51.100.20"

    assert "198.51.100.20 is not a trusted proxy" in caplog.text


def test_a_peer_without_forwarded_for_is_the_client_without_a_warning(proxies, caplog):
    proxies(1)

    assert client_ip(request("198.51.100.20")) == "198.51.100.20"
    assert not caplog.records


def test_fewer_entries_than_proxies_are_not_trusted(proxies, caplog):
    proxies(2)

    with caplog.at_level(logging.WARNING, logger="core.client_ip"):
        assert client_ip(request(PROXY, "203.0.113.7")) == PROXY

    assert "fewer than TRUSTED_PROXY_COUNT" in caplog.text


def test_each_hop_must_be_a_trusted_proxy(proxies, caplog):
    # Two proxies (a CDN, then ours): a client that reached ours directly wrote
    # the CDN's entry itself; the address our proxy saw is the client.
    proxies(2)

    with caplog.at_level(logging.WARNING, logger="core.client_ip"):
        assert client_ip(request(PROXY, "9.9.9.9, 203.0.113.7")) == "203.0.113.7"

    assert "203.0.113.7 is not a trusted proxy" in caplog.text


def test_a_listed_outer_proxy_passes_on_its_client(proxies):
    proxies(2, ["10.0.0.0/8", "203.0.113.0/24"])

    assert client_ip(request(PROXY, "1.1.1.1, 9.9.9.9, 203.0.113.7")) == "9.9.9.9"


def test_only_the_listed_proxies_are_trusted(proxies, caplog):
    proxies(1, ["10.0.0.9"])

    with caplog.at_level(logging.WARNING, logger="core.client_ip"):
        assert client_ip(request(PROXY, "203.0.113.7")) == PROXY


def test_an_entry_that_is_no_address_is_not_taken(proxies, caplog):
    proxies(1)

    with caplog.at_level(logging.WARNING, logger="core.client_ip"):
        assert client_ip(request(PROXY, "unknown")) == PROXY

    assert "not an address" in caplog.text


def test_a_unix_socket_peer_is_a_local_proxy(proxies):
    proxies(1)

    assert client_ip(request("", "203.0.113.7")) == "203.0.113.7"


def test_an_ipv4_mapped_peer_is_its_ipv4_address(proxies):
    proxies(1)

    assert client_ip(request("::ffff:10.0.0.2", "203.0.113.7")) == "203.0.113.7"
