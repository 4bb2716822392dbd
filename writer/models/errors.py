"""Failures of finding, downloading and choosing models, each a sentence a writer understands."""

from __future__ import annotations

import errno


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


OFFLINE = (
    "Writer is in offline mode (HF_HUB_OFFLINE is set), so it does not contact the Hugging Face "
    "Hub. Unset HF_HUB_OFFLINE to search or download models."
)


def human_size(n: float) -> str:
    """1234567 -> '1.2 MB' (decimal units, as the Hub and file managers show them)."""
    for unit in ("bytes", "kB", "MB", "GB", "TB"):
        if abs(n) < 1000 or unit == "TB":
            if unit == "bytes":
                return f"{int(n)} bytes"
            return f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} TB"


def explain(exc: BaseException, repo_id: str, filename: str | None = None,
            host: str = "the Hugging Face Hub") -> ModelsError:
    """Turn an exception from huggingface_hub, httpx2 or the file system into a ModelsError."""
    if isinstance(exc, ModelsError):
        return exc
    from huggingface_hub import errors as hf

    what = f"{filename} from {repo_id}" if filename else repo_id
    if isinstance(exc, hf.OfflineModeIsEnabled):
        return OfflineError(OFFLINE)
    if isinstance(exc, hf.GatedRepoError):
        return GatedError(
            f"{repo_id} is a gated repository: its authors ask you to accept their terms first. "
            f"Accept them on its Hub page while logged in, then log in here with `hf auth login` "
            "(or set HF_TOKEN) and try again."
        )
    if isinstance(exc, hf.RevisionNotFoundError):
        return NotFoundError(f"The repository {repo_id} has no such revision.")
    if isinstance(exc, hf.EntryNotFoundError | hf.RemoteEntryNotFoundError):
        return NotFoundError(f"The repository {repo_id} has no file {filename}.")
    if isinstance(exc, hf.RepositoryNotFoundError):
        return NotFoundError(
            f"There is no model repository {repo_id} on {host} (or it is private and you are "
            "not logged in)."
        )
    if isinstance(exc, hf.HfHubHTTPError):
        status = exc.response.status_code if exc.response is not None else None
        if status == 404:
            return NotFoundError(f"{what} was not found on {host}.")
        if status in (401, 403):
            return GatedError(
                f"{host} refused access to {what} (HTTP {status}). Log in with `hf auth login` "
                "or set HF_TOKEN, and check that your account may use this repository."
            )
        if status == 429:
            return NetworkError(f"{host} is asking Writer to slow down. Wait a minute and retry.")
        if status is not None and status >= 500:
            return NetworkError(f"{host} had a problem (HTTP {status}). Try again later.")
        return NetworkError(f"{host} answered with an error (HTTP {status}) for {what}.")
    import httpx2

    if isinstance(exc, httpx2.TimeoutException):
        return NetworkError(f"{host} did not answer in time. Check the connection and retry.")
    if isinstance(exc, httpx2.TransportError):
        return NetworkError(
            f"Cannot reach {host}: check the internet connection (and any proxy) and try again."
        )
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFullError(f"The disk is full: there is no room left for {what}.")
    if isinstance(exc, OSError):
        reason = exc.strerror or str(exc)
        where = f" ({exc.filename})" if exc.filename else ""
        return ModelsError(f"Writer could not write {what}: {reason}{where}.")
    return ModelsError(f"Something unexpected went wrong with {what}: {exc}.")
