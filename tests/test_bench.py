"""scripts/bench.py: contenders compared like for like, and the README's speed paragraph generated, never copied."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from .conftest import ROOT

SCRIPT = ROOT / "scripts" / "bench.py"


def _load_script():
    spec = importlib.util.spec_from_file_location("bench", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


bench = _load_script()


def test_every_product_run_has_a_naive_baseline_with_as_many_processes():
    field = {c.key: c for c in bench.contenders(3)}
    for contender in field.values():
        if contender.baseline:
            assert field[contender.baseline].processes == contender.processes
            assert field[contender.baseline].key.startswith("naive")
    assert {"product-1", "naive-1", "lemmas-1", "product-3", "naive-3"} == set(field)
    assert {c.key for c in bench.contenders(1)} == {"product-1", "naive-1", "lemmas-1"}


def test_the_readme_has_one_generated_speed_block():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert text.count(bench.README_BEGIN) == 1 and text.count(bench.README_END) == 1
    assert text.index(bench.README_BEGIN) < text.index(bench.README_END)


def test_the_readme_block_is_rewritten_and_nothing_else(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"# Title\n\nBefore.\n\n{bench.README_BEGIN}\nOld figures.\n{bench.README_END}\n\nAfter.\n")
    bench.update_readme(readme, "New figures, " * 20 + "end.")
    text = readme.read_text()
    assert text.startswith("# Title\n\nBefore.\n\n") and text.endswith("\n\nAfter.\n")
    assert "Old figures" not in text and "New figures" in text
    assert all(len(line) <= 96 for line in text.splitlines())


def test_code_spans_are_not_cut_across_lines(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"{bench.README_BEGIN}\n{bench.README_END}\n")
    bench.update_readme(readme, "word " * 17 + "`classify --jobs 1` " + "word " * 30)
    assert "`classify --jobs 1`" in readme.read_text()


def test_a_readme_without_the_markers_is_an_error(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# Title\n")
    with pytest.raises(SystemExit, match="bench:begin"):
        bench.update_readme(readme, "figures")
