"""Where an API key for a server comes from: WRITER_API_KEY, else the system keyring (when the
`keyring` package and a keyring service are there). Never from the settings file."""

from __future__ import annotations

import logging
import os

from writer.sentences import said

log = logging.getLogger(__name__)

ENV_VAR = "WRITER_API_KEY"
SERVICE = "Writer"


def api_key(host: str) -> str | None:
    """The key for `host` (host:port as the writer typed it), or None."""
    key = os.environ.get(ENV_VAR, "").strip()
    if key:
        return key
    keyring = _keyring()
    if keyring is None:
        return None
    try:
        return keyring.get_password(SERVICE, host) or None
    except Exception as exc:  # noqa: BLE001 - a broken keyring service means no key
        log.warning("the keyring could not be read: %s", exc)
        return None


def store_api_key(host: str, key: str) -> str:
    """Keep `key` for `host` in the system keyring; returns a sentence saying what happened."""
    keyring = _keyring()
    if keyring is None:
        return (
            "No system keyring is available here: give the key in the WRITER_API_KEY "
            "environment variable instead."
        )
    try:
        if key:
            keyring.set_password(SERVICE, host, key)
        else:
            keyring.delete_password(SERVICE, host)
    except Exception as exc:  # noqa: BLE001
        return said("The keyring refused the key ({0}); use WRITER_API_KEY instead.", exc)
    if key:
        return said("The key for {0} is kept in the system keyring.", host)
    return said("The key is removed.")


def keyring_available() -> bool:
    return _keyring() is not None


def _keyring():
    try:
        import keyring
        from keyring.backends.fail import Keyring as FailKeyring
    except ImportError:
        return None
    try:
        if isinstance(keyring.get_keyring(), FailKeyring):
            return None
    except Exception:  # noqa: BLE001
        return None
    return keyring
