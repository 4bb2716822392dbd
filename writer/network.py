"""What may leave this machine: the one network policy that every network path asks first.

Writer contacts two kinds of places: the Hugging Face Hub (search, file listings, downloads,
a file's header) and an inference server (the writer's text goes there). Before opening a
connection, each path asks `NetworkPolicy.refusal(url, purpose)` and goes on only when the
answer is empty; the answer otherwise is the sentence to show.

The rules, read from the settings at every call (a change takes effect without a restart):
- the Hub is refused while Settings → "Offline" is on, or HF_HUB_OFFLINE (or
  TRANSFORMERS_OFFLINE) is set, wherever the Hub's address points;
- a server is refused while "Local only" is on, and while "Offline" is on unless it runs on this
  machine.

`tests/test_network_policy.py` lists every module of the product that imports a network library
and fails when one does not ask this policy.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from typing import Protocol
from urllib.parse import urlsplit

from writer.sentences import said

HUB = "hub"  # the Hugging Face Hub: model search, listings, downloads
SERVER = "server"  # an inference server: the writer's text is sent there


class NetworkSettings(Protocol):
    """The two settings the policy reads (writer.settings.Settings has them)."""

    offline: bool
    local_only: bool


class NetworkRefused(Exception):
    """The policy refused a contact; str() is the sentence to show."""


class NetworkPolicy:
    """Answers whether Writer may contact a place now, from `settings` and the environment.

    Holds the settings object, not copies of its values, so each answer reflects the settings as
    they are at that moment. Without settings only the environment counts.
    """

    def __init__(self, settings: NetworkSettings | None = None) -> None:
        self.settings = settings

    @property
    def offline(self) -> bool:
        return bool(self.settings is not None and self.settings.offline)

    @property
    def local_only(self) -> bool:
        return bool(self.settings is not None and self.settings.local_only)

    def refusal(self, url: str, purpose: str) -> str:
        """Why Writer must not contact `url` for `purpose` (HUB or SERVER) now; '' if it may."""
        if purpose == HUB:
            if self.offline:
                return said(
                    "Writer is offline (Settings → Server → Offline), so it does not contact the "
                    "Hugging Face Hub. Turn Offline off to search or download models."
                )
            if hub_offline_by_environment():
                return said(
                    "Writer is in offline mode (HF_HUB_OFFLINE is set), so it does not contact "
                    "the Hugging Face Hub. Unset HF_HUB_OFFLINE to search or download models."
                )
            return ""
        if purpose != SERVER:
            raise ValueError(f"unknown network purpose {purpose!r}")
        host = host_of(url)
        if self.local_only:
            return said(
                "Writer is set to use only the model on this computer, so it sends no text to "
                "{0}. Turn off “Local only” in Settings to use a server.",
                host,
            )
        if self.offline and not is_this_machine(hostname_of(url)):
            return said(
                "Writer is offline: it connects to no server outside this computer, and {0} is "
                "not on it.",
                host,
            )
        return ""

    def check(self, url: str, purpose: str) -> None:
        """Raise NetworkRefused with the sentence when the policy refuses the contact."""
        refused = self.refusal(url, purpose)
        if refused:
            raise NetworkRefused(refused)


def hub_offline_by_environment() -> bool:
    """HF_HUB_OFFLINE or TRANSFORMERS_OFFLINE is set to a true value (read at every call)."""
    value = os.environ.get("HF_HUB_OFFLINE") or os.environ.get("TRANSFORMERS_OFFLINE") or ""
    return value.strip().upper() in {"1", "ON", "YES", "TRUE"}


def host_of(url: str) -> str:
    """'http://gpu-box:8080/v1' -> 'gpu-box:8080'; a bare 'host:port' stays as it is."""
    parts = urlsplit(url if "://" in url else f"http://{url}")
    return parts.netloc or url


def hostname_of(url: str) -> str:
    parts = urlsplit(url if "://" in url else f"http://{url}")
    return parts.hostname or ""


def is_this_machine(hostname: str) -> bool:
    """Whether `hostname` names this machine (a loopback address, or one of its own names or
    addresses): text sent there never leaves it."""
    name = hostname.strip("[]").lower()
    if name in ("localhost", "localhost.localdomain"):
        return True
    try:
        if ipaddress.ip_address(name).is_loopback:
            return True
    except ValueError:
        pass
    own = {socket.gethostname().lower(), socket.getfqdn().lower()}
    if name in own:
        return True
    try:
        mine = {a[4][0] for a in socket.getaddrinfo(socket.gethostname(), None)}
        theirs = {a[4][0] for a in socket.getaddrinfo(name, None)}
    except OSError:
        return False
    return bool(theirs) and all(
        ipaddress.ip_address(a.split("%")[0]).is_loopback or a in mine for a in theirs
    )
