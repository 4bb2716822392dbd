"""What may leave this machine: the rules "local only" and "offline" for server backends."""

from __future__ import annotations

import ipaddress
import socket

from writer.remote.client import Endpoint


def refusal(endpoint: Endpoint, local_only: bool, offline: bool) -> str:
    """Why Writer must not use the server at `endpoint` under these settings ('' if it may)."""
    if local_only:
        return (
            f"Writer is set to use only the model on this computer, so it sends no text to "
            f"{endpoint.host}. Turn off “Local only” in Settings to use a server."
        )
    if offline and not is_this_machine(endpoint.hostname):
        return (
            f"Writer is offline: it connects to no server outside this computer, and "
            f"{endpoint.host} is not on it."
        )
    return ""


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
