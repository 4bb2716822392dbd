"""Failures of finding, downloading and choosing models, each a sentence a writer understands."""

from __future__ import annotations

import errno

from writer.sentences import said


class ModelsError(Exception):
    """Something went wrong with a model; str() is the sentence to show."""


class OfflineError(ModelsError):
    pass


class NotFoundError(ModelsError):
    pass


class GatedError(ModelsError):
    pass


class NetworkError(ModelsError):
    """The connection failed; a retry may continue where it stopped."""


class DiskFullError(ModelsError):
    pass


class ChecksumError(ModelsError):
    pass


class CancelledError(ModelsError):
    pass


OFFLINE = said(
    "Writer is in offline mode (HF_HUB_OFFLINE is set), so it does not contact the Hugging Face "
    "Hub. Unset HF_HUB_OFFLINE to search or download models."
)


def human_size(n: float) -> str:
    """1234567 -> '1.2 MB' (decimal units, as the Hub and file managers show them); under a
    kilobyte a sentence ('0 bytes'), which the interface translates where it shows it."""
    for unit in ("bytes", "kB", "MB", "GB", "TB"):
        if abs(n) < 1000 or unit == "TB":
            if unit == "bytes":
                return said("{0} bytes", int(n))
            return f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} TB"


def explain(exc: BaseException, repo_id: str, filename: str | None = None,
            host: str | None = None) -> ModelsError:
    """Turn an exception from huggingface_hub, httpx2 or the file system into a ModelsError."""
    if isinstance(exc, ModelsError):
        return exc
    from huggingface_hub import errors as hf

    host = host or said("the Hugging Face Hub")
    what = said("{0} from {1}", filename, repo_id) if filename else repo_id
    if isinstance(exc, hf.OfflineModeIsEnabled):
        return OfflineError(OFFLINE)
    if isinstance(exc, hf.GatedRepoError):
        return GatedError(
            said(
                "{0} is a gated repository: its authors ask you to accept their terms first. "
                "Accept them on its Hub page while logged in, then log in here with `hf auth "
                "login` (or set HF_TOKEN) and try again.",
                repo_id,
            )
        )
    if isinstance(exc, hf.RevisionNotFoundError):
        return NotFoundError(said("The repository {0} has no such revision.", repo_id))
    if isinstance(exc, hf.EntryNotFoundError | hf.RemoteEntryNotFoundError):
        return NotFoundError(said("The repository {0} has no file {1}.", repo_id, filename))
    if isinstance(exc, hf.RepositoryNotFoundError):
        return NotFoundError(
            said(
                "There is no model repository {0} on {1} (or it is private and you are not "
                "logged in).",
                repo_id,
                host,
            )
        )
    if isinstance(exc, hf.HfHubHTTPError):
        status = exc.response.status_code if exc.response is not None else None
        if status == 404:
            return NotFoundError(said("{0} was not found on {1}.", what, host))
        if status in (401, 403):
            return GatedError(
                said(
                    "{0} refused access to {1} (HTTP {2}). Log in with `hf auth login` or set "
                    "HF_TOKEN, and check that your account may use this repository.",
                    host,
                    what,
                    status,
                )
            )
        if status == 429:
            return NetworkError(
                said("{0} is asking Writer to slow down. Wait a minute and retry.", host)
            )
        if status is not None and status >= 500:
            return NetworkError(
                said("{0} had a problem (HTTP {1}). Try again later.", host, status)
            )
        return NetworkError(
            said("{0} answered with an error (HTTP {1}) for {2}.", host, status, what)
        )
    import httpx2

    if isinstance(exc, httpx2.TimeoutException):
        return NetworkError(
            said("{0} did not answer in time. Check the connection and retry.", host)
        )
    if isinstance(exc, httpx2.TransportError):
        return NetworkError(
            said(
                "Cannot reach {0}: check the internet connection (and any proxy) and try again.",
                host,
            )
        )
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFullError(said("The disk is full: there is no room left for {0}.", what))
    if isinstance(exc, OSError):
        reason = exc.strerror or str(exc)
        where = f" ({exc.filename})" if exc.filename else ""
        return ModelsError(said("Writer could not write {0}: {1}{2}.", what, reason, where))
    return ModelsError(said("Something unexpected went wrong with {0}: {1}.", what, exc))
