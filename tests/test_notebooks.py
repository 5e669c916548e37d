"""The notebooks run end to end on a small labelled sample, and are committed clean (SPEC §7).

Each notebook is executed with nbclient in the project's kernel ("python3" of the virtual
environment) after its `parameters` cell is rewritten: retraining on a 40-document stratified
sample of the shipped corpus, saving a candidate model, then the error analysis of that candidate.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from classifier.corpus import sample_corpus
from classifier.persist import load_model

from .conftest import add_real_pages

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
NOTEBOOK_FILES = sorted(NOTEBOOKS.glob("*.ipynb"))
RETRAIN = NOTEBOOKS / "01-retrain.ipynb"
ERROR_ANALYSIS = NOTEBOOKS / "02-error-analysis.ipynb"
SAMPLE_SIZE = 40
SEED = 13
TIMEOUT = 600  # seconds per cell: generous, a loaded CI machine is slow


def _parameters_cell(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    cells = [cell for cell in notebook.cells if "parameters" in cell.metadata.get("tags", [])]
    assert len(cells) == 1, "a notebook has exactly one cell tagged `parameters`"
    return cells[0]


def _parameter_names(source: str) -> set[str]:
    return {target.id for node in ast.parse(source).body if isinstance(node, ast.Assign) for target in node.targets}


def _with_parameters(path: Path, **values) -> nbformat.NotebookNode:
    """The notebook with its parameters cell replaced; every parameter must be given, none invented."""
    notebook = nbformat.read(path, as_version=4)
    cell = _parameters_cell(notebook)
    assert _parameter_names(cell.source) == set(values), "the test must set exactly the notebook's parameters"
    cell.source = "\n".join(f"{name} = {value!r}" for name, value in values.items())
    return notebook


def _execute(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    client = NotebookClient(
        notebook, timeout=TIMEOUT, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}
    )
    client.execute()
    return notebook


def _outputs(notebook: nbformat.NotebookNode, mime: str = "text/plain") -> str:
    """Everything printed (streams) plus every output of type `mime`, as one string."""
    parts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                parts.append(output["text"])
            elif mime in output.get("data", {}):
                parts.append(output["data"][mime])
    return "\n".join(parts)


def _images(notebook: nbformat.NotebookNode) -> int:
    return sum("image/png" in output.get("data", {}) for cell in notebook.cells for output in cell.get("outputs", []))


# -- committed notebooks ------------------------------------------------------------------


def test_there_are_the_two_notebooks():
    assert [path.name for path in NOTEBOOK_FILES] == ["01-retrain.ipynb", "02-error-analysis.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOK_FILES, ids=lambda path: path.name)
def test_committed_notebook_has_no_outputs_and_no_execution_counts(path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name}, cell {index}: clear the outputs before committing"
            assert cell.execution_count is None, f"{path.name}, cell {index}: clear the execution count"
    assert notebook.metadata.kernelspec.name == "python3"


@pytest.mark.parametrize("path", NOTEBOOK_FILES, ids=lambda path: path.name)
def test_notebook_cells_only_call_the_library(path):
    """No function, class or lambda is defined in a notebook: such logic belongs in `classifier`."""
    notebook = nbformat.read(path, as_version=4)
    _parameters_cell(notebook)
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(cell.source)):
            assert not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda), (
                f"{path.name}, cell {index}: move `{getattr(node, 'name', 'lambda')}` into the library"
            )


# -- executed notebooks -------------------------------------------------------------------


@pytest.fixture(scope="module")
def retrained(tmp_path_factory):
    """01-retrain run on a stratified sample of the shipped corpus, saving a candidate model."""
    out = tmp_path_factory.mktemp("retrain")
    notebook = _with_parameters(
        RETRAIN,
        CORPUS=str(ROOT / "data"),
        OUTPUT_MODEL=str(out / "candidate"),
        SEED=SEED,
        SAMPLE=SAMPLE_SIZE,
        TRY_FILES=[str(ROOT / "examples" / "plan-musee.pdf")],
        DEV=None,
        REAL_PAGES=False,
    )
    return _execute(notebook), out / "candidate"


def test_retrain_notebook_validates_trains_compares_and_saves(retrained):
    notebook, candidate = retrained
    printed = _outputs(notebook)
    assert "Corpus valide" in printed
    assert "Modèle actuel / current model" in printed
    comparison = _outputs(notebook, "text/html")
    for column in ("nouveau modèle", "modèle actuel", "écart", "lexiques (comptage)", "TF-IDF mots"):
        assert column in comparison
    assert _images(notebook) >= 3, "F1 bars, confusion matrices and calibration curve"
    model, card = load_model(candidate)
    assert card["training_data"]["documents"] == SAMPLE_SIZE
    assert card["provenance"]["source"] == "notebooks/01-retrain.ipynb"
    assert card["hyperparameters"]["seed"] == SEED
    assert set(card["metrics"]["test"]) == {"model", "lexicon_baseline", "tfidf_baseline"}
    assert "# Fiche du modèle / Model card" in printed
    assert json.loads((candidate / "model.card.json").read_text(encoding="utf-8"))["sha256"] == card["sha256"]
    assert model.thresholds_ == card["thresholds"]
    # The checklist is learnt with the coverage model, as by `classifier train`, and measured.
    assert model.checklist_ is not None and "Liste de contrôle / checklist : apprise" in printed
    assert card["checklist"] is not None and "claimed_type" in card["checklist"]
    assert card["training_data"]["real_pages"] == 0
    # Section 5 scores the files with both models through the Python API.
    assert "doc_type (modèle actuel)" in comparison and "plan-musee.pdf" in comparison


def test_error_analysis_notebook_on_the_candidate(retrained, tmp_path):
    _, candidate = retrained
    sample = sample_corpus(ROOT / "data", tmp_path / "sample", SAMPLE_SIZE, SEED)  # the sample 01 trained on
    notebook = _with_parameters(
        ERROR_ANALYSIS,
        CORPUS=str(sample),
        MODEL=str(candidate),
        SOURCE="cv",
        SEED=SEED,
        SAMPLE=None,
        TOP=10,
        DEV=None,
    )
    _execute(notebook)
    printed = _outputs(notebook)
    assert f"Modèle actuel / current model : {candidate}" in printed
    assert "documents analysés" in printed
    tables = _outputs(notebook, "text/html")
    for column in ("predicted_type", "genre_family", "lexique:", "disagreement"):
        assert column in tables
    assert _images(notebook) >= 2, "threshold sweep and influential features"


def test_error_analysis_notebook_reads_the_corpus_real_pages(retrained, tmp_path):
    _, candidate = retrained
    sample = sample_corpus(ROOT / "data", tmp_path / "sample", 12, SEED)
    add_real_pages(sample, lambda pages: pages.head(6))
    notebook = _with_parameters(
        ERROR_ANALYSIS,
        CORPUS=str(sample),
        MODEL=str(candidate),
        SOURCE="pages",
        SEED=SEED,
        SAMPLE=None,
        TOP=5,
        DEV=None,
    )
    _execute(notebook)
    printed = _outputs(notebook)
    assert "6 documents analysés / analysed (pages)" in printed
    assert "entraîné sur ces pages" not in printed, "the candidate did not train on them"


def test_retrain_notebook_prints_every_problem_and_stops_on_an_invalid_corpus(tmp_path):
    sample = sample_corpus(ROOT / "data", tmp_path / "sample", 12, SEED)
    table = sample / "labelled" / "documents.csv"
    documents = pd.read_csv(table, dtype=str, keep_default_na=False)
    documents.loc[0, "doc_type"] = "plan_inconnu"
    (sample / "raw" / documents.loc[1, "path"]).unlink()
    documents.to_csv(table, index=False)
    notebook = _with_parameters(
        RETRAIN,
        CORPUS=str(sample),
        OUTPUT_MODEL=str(tmp_path / "never"),
        SEED=SEED,
        SAMPLE=None,
        TRY_FILES=[],
        DEV=None,
        REAL_PAGES=False,
    )
    with pytest.raises(CellExecutionError, match="InvalidCorpus"):
        _execute(notebook)
    printed = _outputs(notebook)
    assert "documents.csv, ligne 1" in printed and "type inconnu « plan_inconnu »" in printed
    assert "documents.csv, ligne 2" in printed and "fichier introuvable" in printed
    assert not (tmp_path / "never").exists()
