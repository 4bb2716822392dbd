"""The models on this machine: the starter model, the Hugging Face cache, imported files.

Listing reads only local folders (scan_cache_dir) and never touches the network. The active
model is `Settings.model_path`; imported files are remembered in imported-models.json in the
config folder (the files themselves stay where the user keeps them). Deleting a downloaded
model removes its entry in every revision's snapshot, its blob when no other entry links it,
and the folders of its repository that this left empty (writer.models.cache.prune).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

from writer import paths
from writer.documents.atomic import replace_file
from writer.models import cache
from writer.models.errors import ModelsError, human_size
from writer.paths import same_file
from writer.sentences import said
from writer.settings import Settings

log = logging.getLogger(__name__)

STARTER, HUB, IMPORTED = "starter", "hub", "imported"


@dataclass
class InstalledModel:
    name: str
    path: Path
    source: str  # "starter", "hub" or "imported"
    size: int
    repo_id: str = ""
    active: bool = False

    @property
    def label(self) -> str:
        return f"{self.repo_id}/{self.name}" if self.repo_id else self.name


def imported_file() -> Path:
    return paths.config_dir() / "imported-models.json"


def _imported_paths() -> list[str]:
    try:
        raw = json.loads(imported_file().read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as exc:
        log.warning("imported models list unreadable: %s", exc)
        return []
    return [p for p in raw if isinstance(p, str)] if isinstance(raw, list) else []


def _save_imported(items: list[str]) -> None:
    replace_file(imported_file(), json.dumps(items, indent=2, ensure_ascii=False).encode("utf-8"))


def hub_models() -> list[InstalledModel]:
    """GGUF files in the Hugging Face cache (every revision's snapshot), without the network."""
    root = cache.hub_cache()
    if not root.is_dir():
        return []
    from huggingface_hub import scan_cache_dir

    try:
        info = scan_cache_dir(root)
    except Exception as exc:  # noqa: BLE001 - an unreadable cache lists nothing
        log.warning("cannot scan the Hugging Face cache %s: %s", root, exc)
        return []
    found: list[InstalledModel] = []
    for repo in sorted(info.repos, key=lambda r: r.repo_id):
        if repo.repo_type != "model":
            continue
        seen: set[str] = set()
        for revision in sorted(repo.revisions, key=lambda r: -r.last_modified):
            for f in sorted(revision.files, key=lambda f: f.file_name):
                if not f.file_name.lower().endswith(".gguf") or str(f.blob_path) in seen:
                    continue
                seen.add(str(f.blob_path))
                rel = f.file_path.relative_to(revision.snapshot_path).as_posix()
                found.append(InstalledModel(rel, f.file_path, HUB, f.size_on_disk, repo.repo_id))
    return found


def installed(settings: Settings) -> list[InstalledModel]:
    """Every model Writer can use here, the active one marked."""
    models: list[InstalledModel] = []
    starter = paths.starter_model_path()
    if starter is not None:
        models.append(InstalledModel(starter.name, starter, STARTER, starter.stat().st_size))
    models.extend(hub_models())
    for p in _imported_paths():
        path = Path(p)
        size = path.stat().st_size if path.is_file() else 0
        models.append(InstalledModel(path.name, path, IMPORTED, size))
    active = _active_path(settings, starter)
    if active is not None:
        exact = [m for m in models if m.path.absolute() == active.absolute()]
        for m in exact or [m for m in models if same_file(m.path, active)][:1]:
            m.active = True
    return models


def _active_path(settings: Settings, starter: Path | None) -> Path | None:
    if settings.model_path:
        return Path(settings.model_path)
    return starter


def find(name: str, models: list[InstalledModel]) -> InstalledModel:
    """The installed model `name` names among `models`: a path, a file name (with or without
    .gguf), a 'repo/file' label or a repository with one GGUF file. Raise ModelsError
    otherwise."""
    key = name.strip()
    low = key.lower()
    candidate = Path(key).expanduser()
    if candidate.is_file():
        exact = [m for m in models if m.path.absolute() == candidate.absolute()]
        for m in exact or [m for m in models if same_file(m.path, candidate)]:
            return m
    matches = [
        m for m in models
        if low in (m.name.lower(), m.path.stem.lower(), m.label.lower(), m.repo_id.lower())
    ]
    if not matches:
        from writer.models.catalog import find_entry

        entry = find_entry(key)
        if entry is not None:
            matches = [m for m in models if m.name == entry.filename]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        labels = ", ".join(m.label for m in matches)
        raise ModelsError(
            said("{0!r} could mean several models ({1}); give the full name.", name, labels)
        )
    raise ModelsError(
        said(
            "No installed model is called {0!r}. `writer models list` shows the installed ones; "
            "`writer models download REPO FILE` fetches one.",
            name,
        )
    )


def use(model: InstalledModel | str | Path, settings: Settings) -> InstalledModel:
    """Make a model the active one (checking its header first) and save it in `settings`."""
    from writer.engine.gguf_header import ModelFileError, read_gguf_header

    chosen = model if isinstance(model, InstalledModel) else find(str(model), installed(settings))
    try:
        read_gguf_header(chosen.path)
    except ModelFileError as exc:
        raise ModelsError(str(exc)) from None
    settings.update(model_path=str(chosen.path))
    chosen.active = True
    return chosen


def use_file(path: str | Path, settings: Settings) -> InstalledModel:
    """`use` for a model file the interface offered (a finished download): a file gone since
    is said so, not looked up as a name."""
    if not Path(path).is_file():
        raise ModelsError(
            said("{0} is no longer on this computer: it was deleted or moved.", Path(path).name)
        )
    return use(path, settings)


def import_file(path: str | Path) -> InstalledModel:
    """Remember a .gguf file the user has, after checking its header. The file stays in place."""
    from writer.engine.gguf_header import ModelFileError, read_gguf_header

    path = Path(path).expanduser().absolute()
    try:
        read_gguf_header(path)
    except ModelFileError as exc:
        raise ModelsError(str(exc)) from None
    items = _imported_paths()
    if str(path) not in items:
        items.append(str(path))
        try:
            _save_imported(items)
        except OSError as exc:
            raise ModelsError(
                said("Writer could not remember {0}: {1}.", path.name, exc.strerror)
            ) from None
    return InstalledModel(path.name, path, IMPORTED, path.stat().st_size)


def delete(model: InstalledModel, settings: Settings) -> str:
    """Remove a model: delete a downloaded file from the cache, forget an imported one (and no
    longer use it). Returns a sentence saying what happened."""
    if model.source == STARTER:
        raise ModelsError(said("The starter model comes with Writer and cannot be deleted."))
    if settings.model_path and same_file(Path(settings.model_path), model.path):
        settings.update(model_path="")
    if model.source == IMPORTED:
        items = [p for p in _imported_paths() if not same_file(Path(p), model.path)]
        _save_imported(items)
        return said(
            "{0} is no longer listed; the file itself is still at {1}.", model.name, model.path
        )
    kept = None  # another name of the repository that holds the same bytes (the same blob)
    try:
        blob = model.path.resolve()
        # the same file in the other revisions' snapshots (one stored copy): the list shows it
        # once, so the writer deletes it in all of them
        links = [model.path]
        if blob != model.path:
            links += _same_file_elsewhere(model.path, blob)
        for link in links:
            link.unlink(missing_ok=link != model.path)
        kept = _other_link(blob) if blob != model.path else None
        if blob != model.path and kept is None:
            blob.unlink(missing_ok=True)
        if model.repo_id:
            cache.prune(model.repo_id, *(link.parent for link in links), blob.parent)
    except OSError as exc:
        raise ModelsError(
            said("Writer could not delete {0}: {1}.", model.name, exc.strerror)
        ) from None
    log.info("deleted %s (%s, %d bytes)", model.label, model.path, model.size)
    if kept is not None:  # (it said "98.4 MB freed" while the blob stayed for the other name)
        return said("Deleted {0}; nothing is freed: {1} holds the same file.", model.label,
                    f"{model.repo_id}/{kept}" if model.repo_id else kept)
    return said("Deleted {0} ({1} freed).", model.label, human_size(model.size))


def _same_file_elsewhere(path: Path, blob: Path) -> list[Path]:
    """The links named as `path` is in its snapshot, in the repository's other snapshots, that
    lead to the same stored copy `blob` (the same file in other revisions)."""
    snapshots = blob.parent.parent / "snapshots"
    try:
        name = path.relative_to(snapshots).parts[1:]
        own = path.parents[len(name) - 1]
        folders = [f for f in snapshots.iterdir() if f.is_dir() and f != own]
    except (ValueError, OSError):
        return []
    found = [folder.joinpath(*name) for folder in sorted(folders)]
    return [link for link in found if link.is_symlink() and same_file(link, blob)]


def _other_link(blob: Path) -> str | None:
    """The name, in its snapshot, of a file of the cache that still links to `blob`."""
    snapshots = blob.parent.parent / "snapshots"
    for link in snapshots.rglob("*"):
        if link.is_symlink() and same_file(link, blob):
            return link.relative_to(snapshots).as_posix().partition("/")[2]
    return None
