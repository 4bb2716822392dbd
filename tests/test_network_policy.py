"""The one network policy: its rules, every network path of the product asking it, and no
connection at all while it says no (against the local stand-in Hub)."""

from __future__ import annotations

import ast
import inspect
import socket
from pathlib import Path

import pytest

from tests.hubserver import STARTER_NAME, TEST_REPO, HubServer
from writer.network import HUB, SERVER, NetworkPolicy, NetworkRefused
from writer.settings import Settings

PRODUCT = Path(__file__).resolve().parent.parent / "writer"


# the rules ---------------------------------------------------------------------------------------
def test_the_hub_is_refused_while_offline_is_set_in_the_settings_or_the_environment(
    monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    settings = Settings()
    policy = NetworkPolicy(settings)
    assert policy.refusal("https://huggingface.co", HUB) == ""
    settings.offline = True  # read at every call
    assert "offline" in policy.refusal("https://huggingface.co", HUB)
    assert "offline" in policy.refusal("http://127.0.0.1:9", HUB)  # wherever the Hub points
    settings.offline = False
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    assert "HF_HUB_OFFLINE" in policy.refusal("https://huggingface.co", HUB)
    with pytest.raises(NetworkRefused, match="HF_HUB_OFFLINE"):
        NetworkPolicy().check("https://huggingface.co", HUB)


def test_a_server_is_refused_while_local_only_and_offline_only_when_elsewhere():
    settings = Settings()
    policy = NetworkPolicy(settings)
    assert policy.refusal("http://192.0.2.7:8080", SERVER) == ""
    settings.local_only = True
    assert "192.0.2.7:8080" in policy.refusal("http://192.0.2.7:8080", SERVER)
    assert "Local only" in policy.refusal("http://127.0.0.1:8080", SERVER)
    settings.local_only, settings.offline = False, True
    assert policy.refusal("http://127.0.0.1:8080", SERVER) == ""
    assert "offline" in policy.refusal("http://192.0.2.7:8080", SERVER)


# every network path asks it ----------------------------------------------------------------------
NETWORK_LIBRARIES = (
    "socket", "ssl", "http.client", "http.server", "urllib.request", "urllib3", "requests",
    "httpx", "httpx2", "aiohttp", "huggingface_hub", "websocket", "PySide6.QtNetwork",
)  # fmt: skip

# Modules that open connections: each asks the policy (test below) before it does.
ASKS_THE_POLICY = {
    "models/hub.py",
    "models/download.py",
}
# Modules that import a network library without connecting anywhere, and why.
NO_CONNECTION = {
    "network.py": "the policy itself: socket names this machine's addresses",
    "models/errors.py": "names the exceptions of huggingface_hub and httpx2",
    "models/store.py": "huggingface_hub's scan_cache_dir reads the cache on disk",
    "models/cli.py": "sets huggingface_hub's log level",
    "remote/client.py": "the server client: opened only where the policy is asked (test below)",
    "instance.py": "a local socket between one person's Writers: no host is ever contacted",
    "app.py": "socketpair() wakes Qt's loop for SIGTERM (end_politely_on_signals): no address",
}
# The measurement package runs servers on this machine and is not part of the product.
NOT_THE_PRODUCT = ("bench/",)


def _imports(tree: ast.AST) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _uses_network(names: set[str]) -> bool:
    return any(n == lib or n.startswith(lib + ".") for n in names for lib in NETWORK_LIBRARIES)


def _modules():
    for path in sorted(PRODUCT.rglob("*.py")):
        rel = path.relative_to(PRODUCT).as_posix()
        if not rel.startswith(NOT_THE_PRODUCT):
            yield rel, ast.parse(path.read_text(encoding="utf-8"))


def test_every_module_that_imports_a_network_library_is_known():
    """A new module reaching the network must be listed here, and then asks the policy."""
    networked = {rel for rel, tree in _modules() if _uses_network(_imports(tree))}
    unknown = networked - ASKS_THE_POLICY - set(NO_CONNECTION)
    assert not unknown, (
        f"{sorted(unknown)} import a network library: make them ask writer.network's policy "
        "and list them in ASKS_THE_POLICY (or say in NO_CONNECTION why they connect nowhere)"
    )
    assert networked >= ASKS_THE_POLICY


def _functions(tree: ast.AST) -> dict[str, ast.FunctionDef]:
    return {n.name: n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}


def _called(node: ast.AST) -> set[str]:
    names = set()
    for call in ast.walk(node):
        if isinstance(call, ast.Call):
            f = call.func
            names.add(f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", ""))
    return names


NETWORK_CALLS = {"get_session", "HfApi", "get_hf_file_metadata", "hf_hub_download", "stream"}


def test_every_hub_function_that_reaches_the_network_takes_and_asks_the_policy():
    """In the modules that talk to the Hub, a function reaching a network call (directly or
    through the module's own functions) takes a required `policy` and asks it first, or is
    private and only called by one that does."""
    for rel in sorted(ASKS_THE_POLICY):
        module = ast.parse((PRODUCT / rel).read_text(encoding="utf-8"))
        functions = _functions(module)
        reaches = {name for name, f in functions.items() if _called(f) & NETWORK_CALLS}
        changed = True
        while changed:
            more = {name for name, f in functions.items() if _called(f) & reaches} - reaches
            reaches |= more
            changed = bool(more)
        for name in sorted(reaches):
            if name.startswith("_"):
                continue
            f = functions[name]
            policy = [a for a in f.args.kwonlyargs if a.arg == "policy"]
            assert policy, f"{rel}: {name}() reaches the network without a `policy` argument"
            index = f.args.kwonlyargs.index(policy[0])
            assert f.args.kw_defaults[index] is None, f"{rel}: {name}()'s policy has a default"
            asks = _called(f) & {"require_hub", "refusal", "check"}
            passes = any(
                isinstance(arg, ast.Name) and arg.id == "policy"
                for call in ast.walk(f)
                if isinstance(call, ast.Call)
                for arg in [*call.args, *(kw.value for kw in call.keywords)]
            )
            assert asks or passes, f"{rel}: {name}() neither asks the policy nor passes it on"


def test_the_server_client_is_opened_only_where_the_policy_is_asked():
    """ServerBackend and HttpClient are built only in functions that ask the policy (outside
    the remote package, which is the client itself)."""
    openers = {"ServerBackend", "HttpClient"}
    seen = []
    for rel, tree in _modules():
        if rel.startswith("remote/"):
            continue
        for f in _functions(tree).values():
            if _called(f) & openers:
                seen.append(rel)
                assert _called(f) & {"refusal", "check"}, (
                    f"{rel}: {f.name}() opens a server without asking writer.network's policy"
                )
    assert "app.py" in seen


# and while it says no, nothing connects -----------------------------------------------------------
@pytest.fixture
def no_connections(monkeypatch: pytest.MonkeyPatch):
    """Every outgoing connection and name lookup of this process is recorded and refused."""
    reached: list[object] = []

    def connect(sock, address):
        reached.append(address)
        raise AssertionError(f"a connection to {address} was opened")

    def getaddrinfo(host, *args, **kwargs):
        reached.append(host)
        raise AssertionError(f"{host} was looked up")

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return reached


def test_offline_no_hub_function_opens_a_connection(hub: HubServer, no_connections: list):
    from writer.models import download
    from writer.models import hub as hubapi
    from writer.models.errors import OfflineError

    policy = NetworkPolicy(Settings(offline=True))
    calls = [
        lambda: hubapi.search("smollm2", policy=policy),
        lambda: hubapi.list_variants(TEST_REPO, policy=policy),
        lambda: hubapi.remote_kv_per_token(TEST_REPO, STARTER_NAME, policy=policy),
        lambda: download.resolve(TEST_REPO, STARTER_NAME, policy=policy),
        lambda: download.download(TEST_REPO, STARTER_NAME, policy=policy),
    ]
    for call in calls:
        with pytest.raises(OfflineError, match="offline"):
            call()
    assert no_connections == []
    assert hub.requests == []


def test_local_only_opens_no_server(qapp, no_connections: list):
    from writer.app import AppState
    from writer.documents.journal_writer import JournalWriter
    from writer.worker import EngineWorker

    worker = EngineWorker()
    failures: list[str] = []
    worker.model_failed.connect(lambda message, _lasting: failures.append(message))
    state = AppState(Settings(local_only=True), worker, JournalWriter(None), None)
    state.open_server("http://192.0.2.7:8080")
    assert len(failures) == 1
    assert "Local only" in failures[0]
    assert no_connections == []
    assert worker.info is None


def test_the_hub_functions_require_a_policy():
    from writer.models import download
    from writer.models import hub as hubapi

    for fn in (hubapi.search, hubapi.list_variants, hubapi.remote_kv_per_token,
               download.resolve, download.download):  # fmt: skip
        parameter = inspect.signature(fn).parameters["policy"]
        assert parameter.default is inspect.Parameter.empty, fn.__name__
