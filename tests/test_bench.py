"""The bench package: its models of the rewrite's cost, its observation of the product, and the
boundaries that keep measurement apart from the product."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from writer.assist.presets import PRESETS
from writer.bench.rewrite import (
    modeled_speedup,
    oracle_batches,
    plain_rewrite,
    recorded_batches,
    warm_rewrite,
)
from writer.bench.samples import BENCH_PARAGRAPH
from writer.generation.requests import RewriteRequest

ROOT = Path(__file__).parents[1]
PRODUCT = ROOT / "writer"


def imports_of(path: Path) -> set[str]:
    """Every module a file imports, at any depth (lazy imports inside functions too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def files_under(folder: str) -> list[Path]:
    return sorted((PRODUCT / folder).rglob("*.py")) if folder else sorted(PRODUCT.rglob("*.py"))


def test_the_product_never_imports_the_bench() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in files_under("")
        if "bench" not in path.relative_to(PRODUCT).parts
        and any(m == "writer.bench" or m.startswith("writer.bench.") for m in imports_of(path))
    ]
    assert offenders == []


def test_tests_holds_tests_and_their_helpers_and_timing_scripts_live_in_the_bench() -> None:
    """A timing script (Local History's pick, run by hand before and after a change) lived in
    tests/ beside the tests, collected by nothing and used by none. Every other module there
    is a helper some test names; the timing script runs from the bench package."""
    tests = ROOT / "tests"
    used = "\n".join(p.read_text(encoding="utf-8") for p in tests.glob("*.py")
                     if p.name.startswith("test_") or p.name == "conftest.py")  # fmt: skip
    unused = [p.name for p in sorted(tests.glob("*.py"))
              if not p.name.startswith("test_") and p.name not in ("conftest.py", "__init__.py")
              and not re.search(rf"tests\.{p.stem}\b|\"{p.name}\"", used)]  # fmt: skip
    assert unused == []
    import importlib.util

    assert importlib.util.find_spec("writer.bench.history_pick") is not None


def test_the_bench_calls_no_private_method_of_the_product() -> None:
    """A private method changes with its module (a new parameter broke `writer bench --only
    llama_server` without a test noticing): the bench calls only what the product offers."""
    found = []
    for path in files_under("bench"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            name, owner = node.func.attr, node.func.value
            private = name.startswith("_") and not name.startswith("__")
            if private and not (isinstance(owner, ast.Name) and owner.id in ("self", "cls")):
                found.append(f"{path.name}:{node.lineno} .{name}()")
    assert found == []


def test_widgets_never_import_the_engine_or_llama_cpp() -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            m for m in imports_of(path) if m.startswith(("writer.engine", "llama_cpp"))
        )
        for path in files_under("ui")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


@pytest.mark.parametrize("folder", ["engine", "documents", "models"])
def test_the_core_never_imports_qt(folder: str) -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in files_under(folder)
        if any(m.startswith(("PySide6", "writer.ui", "writer.assist")) for m in imports_of(path))
    ]
    assert offenders == []


def test_only_the_runtime_calls_llama_cpp() -> None:
    allowed = {"runtime.py", "llama_log.py", "probe.py"}
    offenders = [
        str(path.relative_to(ROOT))
        for path in files_under("engine")
        if path.name not in allowed and any(m.startswith("llama_cpp") for m in imports_of(path))
    ]
    assert offenders == []


def test_the_oracle_drafts_each_run_the_source_has_whole() -> None:
    source = [10, 11, 12, 13, 14, 15]
    # the first token comes from the prompt; then 11..14 are one run of the source, 99 is not
    # in it, 15 is, and the end comes last
    output = [10, 11, 12, 13, 14, 99, 15]
    assert oracle_batches(source, output) == [5, 2]
    assert oracle_batches(source, output, max_draft=2) == [3, 2, 2]
    assert oracle_batches([], [1, 2, 3]) == [1, 1, 1]


def test_modeled_speedup_prices_batches_by_their_rows() -> None:
    costs = {1: 1.0, 2: 1.5, 8: 4.5}
    # plain: 7 tokens ended by the end token = 7 one-token decodes after the first token
    assert modeled_speedup(7, [1] * 7, costs) == pytest.approx(1.0)
    assert modeled_speedup(7, [5, 2], costs) == pytest.approx(7 / (3.0 + 1.5))


@pytest.mark.slow
def test_the_bench_sees_every_decode_of_the_products_rewrite(engine) -> None:
    """The rows the bench records are the product's own decodes, and the oracle drafter needs
    fewer of them with no row wasted."""
    request = RewriteRequest(BENCH_PARAGRAPH, PRESETS["Fix spelling and grammar"], max_tokens=120)
    engine.reset_cache()
    with recorded_batches(engine) as batches:
        stream = engine.rewrite(request)
        text = stream.text()
    stats = stream.stats
    assert len(batches) == stats.decodes
    assert sum(batches) == stats.rows
    plan = engine.rewrite_plan(request)
    cache, seq = engine.rewrite_cache()
    tokens = cache.of(seq)[len(plan.prompt.tokens) :]
    assert stats.generated_tokens - 1 <= len(tokens) <= stats.generated_tokens
    oracle = oracle_batches(plan.source, tokens)
    assert len(oracle) < len(batches)
    assert sum(oracle) <= sum(batches) - (stats.drafted - stats.accepted)
    # the reference the bench compares with is plain decoding of the same plan
    engine.reset_cache()
    assert plain_rewrite(engine, request).text() == text
    # after the block, the runtime is the product's again
    assert "decode_one" not in vars(engine.rewrite_cache()[0].ctx)


@pytest.mark.slow
def test_beams_section_reports_its_figures(engine) -> None:
    from writer.bench.beams import measure

    figures = measure(engine, steps=6, repeats=1, prompts=2)
    assert figures["beam4_ms_per_step"] > 0
    assert figures["greedy_ms_per_step"] > 0
    assert figures["beam4_cost_ratio"] == pytest.approx(
        figures["beam4_ms_per_step"] / figures["greedy_ms_per_step"], rel=0.01
    )
    assert 1 <= figures["beam4_distinct"] <= 4


def test_gaps_time_the_work_between_decodes() -> None:
    """`Gaps` records, for each decode after the first, the time since the previous one
    returned: what the loop did in between, not the decodes themselves."""
    import time

    from writer.bench.raw import Gaps

    values: list[float] = []
    decode = Gaps(values).wrap(lambda: time.sleep(0.02))
    for _ in range(4):
        decode()
        time.sleep(0.005)
    assert len(values) == 3
    assert all(4_000 <= v < 19_000 for v in values)  # the 5 ms between, never the 20 ms calls


def test_the_bare_loop_reports_its_gaps_once(starter_model: Path) -> None:
    from writer.bench.raw import RawLoop

    with RawLoop(starter_model, threads=1, gpu_layers=0, n_ctx=256) as raw:
        assert raw.rate("Once upon a time", 12) > 0
        gaps = raw.gaps()
        assert 10 <= len(gaps) <= 12
        assert all(0 < g < 1_000_000 for g in gaps)
        assert raw.gaps() == []


def test_a_crash_of_the_bare_loop_shows_its_last_words(tmp_path: Path) -> None:
    """The bare llama-cpp-python child keeps its stderr: when it dies, the bench says why."""
    from writer.bench.raw import RawLoop, RawLoopError

    bad = tmp_path / "not-a-model.gguf"
    bad.write_text("no model here")
    with (
        RawLoop(bad, threads=1, gpu_layers=0, n_ctx=256) as raw,
        pytest.raises(RawLoopError) as err,
    ):
        raw.rate("Hello", 4)
    message = str(err.value)
    assert "stopped" in message
    assert "Traceback" in message or "error" in message.lower()


@pytest.mark.slow
def test_the_floors_price_a_step_with_each_attention_kernel(starter_model: Path) -> None:
    """The bare loop's prompt job also says what one step costs, near the start and after the
    document, without and with flash attention: the trade the app's continuations make."""
    from writer.bench.raw import RawLoop
    from writer.bench.samples import sample_document

    with RawLoop(starter_model, threads=2, gpu_layers=0, n_ctx=512) as raw:
        doc = sample_document(300, lambda text: text.split())
        figures = raw.prompt_rates(doc, 200)
    for key in ("raw_step_ms_200", "raw_step_ms_64"):
        assert figures[key] > 0
        assert figures[key + "_flash_attn"] > 0
    assert figures["raw_prompt_tok_s"] > 0
    assert figures["raw_prompt_tok_s_flash_attn"] > 0


def test_writer_bench_is_found_through_its_entry_point() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "writer", "bench", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "--only" in result.stdout


def test_run_on_continuations_reach_their_token_limit(engine) -> None:
    """Speed figures need a known length: the bench's backend never ends a text early."""
    from writer.bench.backends import RunOn
    from writer.generation.requests import ContinuationRequest

    stream = RunOn(engine).continuation(
        ContinuationRequest("The end.", max_tokens=40, stop_at="none")
    )
    stream.text()
    assert stream.stats.generated_tokens == 40


def test_copies_and_loops_are_counted_as_the_note_says() -> None:
    from writer.bench.middle import copies, loops

    opening = "灯塔看守人每天晚上都爬上螺旋楼梯，"
    assert copies(opening, "灯塔看守人每天晚上都爬上螺旋楼梯，灯塔看")
    assert not copies(opening, "爬到那天，爬过那天。")
    assert loops("爬到那天，爬到那天，爬到那天，")
    assert not loops("爬到那天，爬过那天。")
    assert loops(" He said it was a miracle. He said it was a miracle.")


def test_the_warm_rewrite_is_measured_against_the_same_tokens(tiny_engine) -> None:
    """rewrite_ttft_ms evaluates the passage's tokens only, and its floor the same number
    (what is measured, not how fast: the tiny model, conftest)."""
    out = warm_rewrite(tiny_engine)
    assert out["rewrite_ttft_evaluated"] < out["rewrite_ttft_prompt_tokens"] // 4
    assert out["rewrite_ttft_ms"] > 0
    assert out["rewrite_ttft_floor_ms"] > 0
    assert out["rewrite_ttft_ratio"] > 0


def test_pump_until_sleeps_between_events_and_wakes_for_one(qapp) -> None:
    """The bench waits as the app's UI thread does: asleep until an event comes (a loop that
    woke every millisecond took a core's share from llama.cpp), and it sees at once what an
    event changed."""
    from PySide6.QtCore import QTimer

    from writer.bench.editor import CHECK_MS, pump_until

    flipped: list[bool] = []
    asked = [0]

    def predicate() -> bool:
        asked[0] += 1
        return bool(flipped)

    QTimer.singleShot(300, lambda: flipped.append(True))
    assert pump_until(predicate, 10)
    # 300 ms of waiting asks about once per CHECK_MS and once per event (the polling loop
    # asked about 300 times)
    assert asked[0] <= 300 / CHECK_MS * 2 + 10
    QTimer.singleShot(0, lambda: flipped.clear())
    assert pump_until(lambda: not flipped, 10)
    assert not pump_until(lambda: False, 0.1)
