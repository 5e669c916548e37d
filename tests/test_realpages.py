"""The real-page development set (data/realpages): a valid corpus of its own, never trained on,
sharing no document, organisation, page or text with the training corpus."""

import subprocess
import sys

import pytest

from classifier.corpus import _shingles, load_corpus, validate_corpus
from classifier.training import REAL_PAGES, evaluation_sets

from .conftest import ROOT, SHARED, require_shared

PAGES = ROOT / "data" / REAL_PAGES


@pytest.fixture(scope="module")
def pages():
    return load_corpus(PAGES)


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(ROOT / "data")


def test_the_real_pages_are_a_valid_corpus_of_retold_pages(pages):
    assert validate_corpus(pages) == []
    docs = pages.documents
    assert len(docs) == 336
    assert set(docs["split"]) == {"test"} and set(docs["origin"]) == {"retold"}
    assert (docs["source_url"].str.strip() != "").all()
    assert docs["doc_type"].value_counts().min() >= 40, "every type is represented"


def test_the_real_pages_share_nothing_with_the_training_corpus(pages, corpus):
    ours, theirs = pages.documents, corpus.documents
    assert not set(ours["id"]) & set(theirs["id"])
    assert not set(ours["organisation"]) & set(theirs["organisation"])
    assert not (set(ours["source_url"]) & set(theirs["source_url"])) - {""}
    seen = set().union(*(_shingles(corpus.text(i).text) for i in theirs["id"]))
    for doc_id in ours["id"]:
        shingles = _shingles(pages.text(doc_id).text)
        assert len(shingles & seen) / len(shingles) < 0.2, f"{doc_id} repeats a corpus document"


def test_the_real_pages_are_an_evaluation_set_unless_trained_on(corpus):
    sets = evaluation_sets(corpus)
    assert set(sets) == {"test", "pages"}
    assert len(sets["pages"].ids) == 336 and sets["pages"].Y.shape == (336, 3)
    assert set(evaluation_sets(corpus, pages=False)) == {"test"}


def test_no_real_page_comes_from_a_page_the_held_out_sets_were_built_from(pages, tmp_path):
    tool = SHARED / "tools" / "excluded_url.py"
    require_shared(tool)
    table = tmp_path / "urls.csv"
    pages.documents[["id", "source_url"]].to_csv(table, index=False)
    result = subprocess.run([sys.executable, str(tool), "--csv", str(table)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "excluded" not in result.stdout
    assert result.stdout.count("ok ") == len(pages.documents)


def test_training_with_the_pages_appends_them_after_the_split_with_document_labels_only():
    """`training.with_documents`, used to train on all the real pages and on each fold's other
    pages: the training split first, then the picked pages, each with its own labels,
    organisation, family and origin, and no section labels."""
    import numpy as np

    from classifier.training import Prepared, with_documents

    sections = np.ones((1, 3))
    train = Prepared(["a"], ["A"], [["pa"]], np.array([[1, 0, 0]]), ["org-a"], [sections], ["plan"], ["written"])
    pages = Prepared(
        ["p0", "p1", "p2"],
        ["P0", "P1", "P2"],
        [["x0"], ["x1"], ["x2"]],
        np.array([[0, 1, 0], [0, 0, 1], [1, 1, 1]]),
        ["o0", "o1", "o2"],
        [None] * 3,
        ["news", "blog", "interview"],
        ["retold"] * 3,
    )
    both = with_documents(train, pages, np.array([2, 0]))
    assert both.ids == ["a", "p2", "p0"]
    assert both.Y.tolist() == [[1, 0, 0], [1, 1, 1], [0, 1, 0]]
    assert both.passage_labels[0] is sections and both.passage_labels[1:] == [None, None]
    assert both.groups == ["org-a", "o2", "o0"] and both.families == ["plan", "interview", "news"]
    assert both.sample_weights(3.0).tolist() == [1.0, 3.0, 3.0]
    assert with_documents(train, pages).ids == ["a", "p0", "p1", "p2"]


def test_pages_out_of_fold_scores_each_page_once_by_a_model_that_never_saw_it(monkeypatch):
    """Every page is predicted by the model of its own fold, trained on the split and the other
    folds' pages (all of them, or the `share` asked for), never on the page itself."""
    import numpy as np

    from classifier import training

    trained_on = []

    class Recorder:
        def __init__(self, data):
            self.seen = set(data.ids)
            trained_on.append(data.ids)

        def predict(self, docs):
            assert not {d[0] for d in docs} & self.seen, "a page is scored by a model that trained on it"
            return np.array([[int(d[0][1:]) % 2, 0, 1] for d in docs])

    monkeypatch.setattr(training, "fit_model", lambda data, config: Recorder(data))
    n = 20
    pages = training.Prepared(
        [f"p{i}" for i in range(n)],
        [""] * n,
        [[f"p{i}"] for i in range(n)],
        np.array([[i % 2, 0, 1] for i in range(n)]),
        [f"o{i}" for i in range(n)],
        [None] * n,
        ["news"] * n,
        ["retold"] * n,
    )
    split = training.Prepared(["a"], [""], [["a"]], np.array([[1, 0, 0]]), ["org"], [None], ["plan"], ["written"])
    predicted = training.pages_out_of_fold(split, pages)
    assert predicted.tolist() == pages.Y.tolist()
    assert len(trained_on) == 5 and all(ids[0] == "a" and len(ids) == 1 + 16 for ids in trained_on)
    trained_on.clear()
    training.pages_out_of_fold(split, pages, share=0.5)
    assert all(len(ids) == 1 + 8 for ids in trained_on)
