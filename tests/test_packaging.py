"""The wheel carries the default model: `classify` works from an installed package, from anywhere.

`pip install .` builds the same wheel and installs it, so this is also what a user gets.
"""

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from classifier.persist import CARD_FILE, MODEL_FILE

from .conftest import ROOT

EXAMPLE = ROOT / "examples" / "plan-musee.pdf"


def _run(cmd, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=900, **kwargs)
    assert result.returncode == 0, (
        f"{cmd} failed ({result.returncode}):\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}"
    )
    return result


def _build_wheel(tmp_path: Path) -> Path:
    # Built from a copy of the sources: an in-tree build leaves build/ in the checkout, whose
    # stale files setuptools would put in the next wheel.
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    dist = tmp_path / "dist"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(dist), str(source)])
    (wheel,) = dist.glob("classifier-*.whl")
    return wheel


def _install_in_fresh_venv(wheel: Path, venv: Path) -> Path:
    """A new virtual environment with the wheel installed; returns its bin/ directory.

    The dependencies (spaCy and its French model, scikit-learn…) are this environment's,
    found through a path file placed after the new environment's own site-packages, so the
    `classifier` imported there is the wheel's: the editable install's path file is not read.
    """
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    python = venv / "bin" / "python"
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "zz-dependencies.pth").write_text("".join(f"{path}\n" for path in sorted(ours)), encoding="utf-8")
    pip = [sys.executable, "-m", "pip", "--python", str(python)]
    _run([*pip, "install", "--no-deps", "--no-index", "--quiet", str(wheel)])
    return venv / "bin"


@pytest.mark.slow
def test_the_wheel_gives_a_working_classify_with_the_model_inside(tmp_path, default_model):
    wheel = _build_wheel(tmp_path)
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert {f"classifier/models/default/{MODEL_FILE}", f"classifier/models/default/{CARD_FILE}"} <= names
    assert "classifier/lexicons/marketing.txt" in names

    bin_dir = _install_in_fresh_venv(wheel, tmp_path / "venv")
    elsewhere = tmp_path / "elsewhere"  # no repository around: nothing to fall back on
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("CLASSIFIER_MODEL", "PYTHONPATH")}

    code = "import classifier.persist as p; print(p.__file__); print(p.DEFAULT_MODEL_DIR)"
    where = _run([str(bin_dir / "python"), "-c", code], cwd=elsewhere, env=env).stdout.split()
    assert all(Path(path).is_relative_to(tmp_path / "venv") for path in where), where

    result = _run([str(bin_dir / "classify"), str(EXAMPLE), "--format", "jsonl"], cwd=elsewhere, env=env)
    (record,) = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]

    from classifier.scoring import score_file, to_schema

    model, card = default_model
    expected = to_schema(score_file(EXAMPLE, model, card))
    assert record["doc_type"] == expected["doc_type"] == "digital_strategy"
    assert record == expected

    # The Python API of SPEC §9, from the installed package.
    code = f"import classifier; c = classifier.load(); print(c.score({str(EXAMPLE)!r})['doc_type'])"
    assert _run([str(bin_dir / "python"), "-c", code], cwd=elsewhere, env=env).stdout.strip() == "digital_strategy"
