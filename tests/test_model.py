"""scikit-learn contract of the custom estimators, on small hand-made analysed documents.

Analysed passages are built directly (content lemmas are given), so these tests need no
spaCy; the behaviour users see is tested with the real pipeline in test_scoring.py (here,
only the shipped model's gate is checked).
"""

import pickle

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from classifier.calibration import apply_gate
from classifier.features import ContentLemmas, LexiconCounts, WordVectors, make_features
from classifier.model import DocumentClassifier
from classifier.nlp import AnalysedPassage
from classifier.segment import Passage

TEXTS = {
    "marketing": "campagne réseaux sociaux infolettre publics cibles promotion billetterie notoriété",
    "technology": "logiciel serveur hébergement numérisation équipement infonuagique cybersécurité",
    "reorganisation": "gouvernance compétences formation mutualisation modèle d'affaires partenariat",
    "none": "recette gâteau farine beurre four cuisson sucre",
}


def _passage(kind: str, salt: int) -> AnalysedPassage:
    text = f"{TEXTS[kind]} variante{salt}"
    vector = np.random.default_rng(salt).normal(size=8).astype(np.float32)
    return AnalysedPassage(Passage(text, 1, ""), text, vector)


def _corpus(n: int = 24):
    docs, labels = [], []
    kinds = list(TEXTS)
    for i in range(n):
        present = [k for j, k in enumerate(kinds[:3]) if (i >> j) & 1] or ["none"]
        docs.append([_passage(k, i * 10 + j) for j, k in enumerate([*present, "none"])])
        labels.append([int(k in present) for k in kinds[:3]])
    return docs, np.array(labels)


@pytest.fixture(scope="module")
def fitted():
    docs, Y = _corpus()
    return DocumentClassifier(tfidf_min_df=1, cv_folds=3).fit(docs, Y), docs, Y


def test_get_params_and_clone_round_trip():
    model = DocumentClassifier(passage_C=3.0, use_vectors=True)
    assert model.get_params()["passage_C"] == 3.0
    assert clone(model).get_params() == model.get_params()


def test_predict_before_fit_raises():
    with pytest.raises(NotFittedError):
        DocumentClassifier().predict([[_passage("marketing", 1)]])


def test_learns_the_toy_dimensions_and_exposes_fitted_attributes(fitted):
    model, docs, Y = fitted
    assert set(model.thresholds_) == {"marketing", "technology", "reorganisation"}
    assert (model.predict(docs) == Y).mean() > 0.9
    probabilities = model.predict_proba(docs)
    assert probabilities.shape == Y.shape and ((probabilities >= 0) & (probabilities <= 1)).all()


def test_pickle_round_trip_gives_identical_scores(fitted):
    model, docs, _ = fitted
    again = pickle.loads(pickle.dumps(model))
    np.testing.assert_array_equal(again.predict_proba(docs), model.predict_proba(docs))


def test_passage_scores_point_at_the_right_passage(fitted):
    model, _, _ = fitted
    doc = [_passage("none", 901), _passage("technology", 902)]
    passages, coverage = model.score_document(doc)
    assert passages.shape == (2, 3)
    assert passages[1, 1] > passages[0, 1]
    assert coverage[1] > 0.5


def test_document_labels_only_training_works(fitted):
    _, docs, Y = fitted
    model = DocumentClassifier(tfidf_min_df=1, cv_folds=3, mil_rounds=1).fit(docs, Y, passage_labels=[None] * len(docs))
    assert (model.predict(docs) == Y).mean() > 0.9


def test_sample_weights_reach_the_aggregators_and_their_cross_validation_only(fitted):
    plain, docs, Y = fitted
    ones = DocumentClassifier(tfidf_min_df=1, cv_folds=3).fit(docs, Y, sample_weight=np.ones(len(docs)))
    np.testing.assert_allclose(ones.predict_proba(docs), plain.predict_proba(docs), atol=1e-6)
    heavy = DocumentClassifier(tfidf_min_df=1, cv_folds=3).fit(docs, Y, sample_weight=np.where(Y[:, 0], 5.0, 1.0))
    assert not np.allclose(heavy.aggregators_["marketing"].coef_, plain.aggregators_["marketing"].coef_)
    assert not np.allclose(heavy.cv_probabilities_[:, 0], plain.cv_probabilities_[:, 0])
    for stage in ("passage_models_", "doc_models_", "word_models_"):
        np.testing.assert_array_equal(
            getattr(heavy, stage)["marketing"].coef_, getattr(plain, stage)["marketing"].coef_
        )
    with pytest.raises(ValueError, match="sample_weight"):
        DocumentClassifier().fit(docs, Y, sample_weight=np.ones(3))


def test_bad_label_shape_is_refused():
    docs, Y = _corpus(6)
    with pytest.raises(ValueError, match="shape"):
        DocumentClassifier().fit(docs, Y[:, :2])


@pytest.mark.parametrize("transformer", [ContentLemmas(), LexiconCounts(), WordVectors()])
def test_transformers_fit_is_a_no_op_returning_self_and_they_clone(transformer):
    passages = [_passage("marketing", 1), _passage("technology", 2)]
    assert transformer.fit(passages) is transformer
    assert len(transformer.transform(passages)) == 2
    clone(transformer)


def test_feature_union_blocks_follow_the_switches():
    assert [name for name, _ in make_features(lexicons=False, vectors=False).transformer_list] == ["lemmas"]
    assert [name for name, _ in make_features().transformer_list] == ["lemmas", "lexicons", "vectors"]


def test_aggregator_inputs_follow_the_switches():
    doc = [_passage("technology", 1), _passage("none", 2)]
    scores = np.array([[0.1, 0.9, 0.2], [0.0, 0.1, 0.0]])
    views = np.array([[0.2, 0.8, 0.1]])  # whole-document scores from the passages' features
    bare = DocumentClassifier(
        use_genre_cues=False, use_job_posting_cue=False, use_document_lexicons=False, use_cross_dimension=False
    )
    full = DocumentClassifier(use_genre_cues=True, use_document_lexicons=True, use_cross_dimension=True)
    assert bare._summary(scores, views, doc).shape == (3, 6)
    # A second view (the raw-word model) adds one column per dimension: its own score.
    words = np.array([[0.2, 0.8, 0.1], [0.3, 0.7, 0.4]])
    np.testing.assert_array_equal(bare._summary(scores, words, doc)[:, 6], [0.3, 0.7, 0.4])
    summary = full._summary(scores, views, doc)
    assert summary.shape == (3, 6 + 4 + 2 + 6)  # passage stats, 4 genre cues, lexicon counts, all dims
    lexicon = summary[:, 10:12]  # whole-text lexicon counts: technology entries, none of the others
    assert lexicon[1].min() > 0 and lexicon[0].max() == 0 and lexicon[2].max() == 0
    # Every dimension's row carries all three whole-document scores and best passage scores.
    np.testing.assert_array_equal(summary[:, 12:], np.tile([0.2, 0.8, 0.1, 0.1, 0.9, 0.2], (3, 1)))
    # ... and, with the raw-word view, its three scores before the best passage scores.
    np.testing.assert_array_equal(
        full._summary(scores, words, doc)[:, 12:], np.tile([0.2, 0.8, 0.1, 0.3, 0.7, 0.4, 0.1, 0.9, 0.2], (3, 1))
    )


def test_the_job_posting_cue_is_one_column_counting_distinct_job_posting_cues():
    """Read alone (without the other genres' cues): log(1 + distinct cues of a job posting)."""
    scores = np.array([[0.1, 0.9, 0.2]])
    views = np.array([[0.2, 0.8, 0.1]])
    cue = DocumentClassifier(
        use_genre_cues=False, use_job_posting_cue=True, use_document_lexicons=False, use_cross_dimension=False
    )
    text = "Profil recherché : CDI à temps plein. Envoyez CV et lettre de motivation."
    posting = [AnalysedPassage(Passage(text, 1, ""), "", None)]
    summary = cue._summary(scores, views, posting)
    assert summary.shape == (3, 7)
    # « profil recherché », « cdi », « temps plein », « cv », « lettre de motivation »
    np.testing.assert_allclose(summary[:, 6], np.log1p(5))
    assert cue._summary(scores, views, [_passage("marketing", 2)])[:, 6].tolist() == [0.0, 0.0, 0.0]


def test_gate_scales_only_the_documents_whose_gate_score_reaches_the_threshold():
    from sklearn.linear_model import LogisticRegression

    calibrator = LogisticRegression().fit([[-3.0], [-2.0], [2.0], [3.0]], [0, 0, 1, 1])
    coverage = np.array([[0.9, 0.8, 0.1], [0.9, 0.8, 0.1]])
    gate = np.array([0.2, 0.9])
    gated = apply_gate(coverage, gate, calibrator, 0.5)
    np.testing.assert_array_equal(gated[0], coverage[0])  # under the threshold: untouched
    planless = calibrator.predict_proba([[np.log(0.9 / 0.1)]])[0, 1]
    np.testing.assert_allclose(gated[1], coverage[1] * (1 - planless))
    assert (gated[1] < coverage[1]).all()
    np.testing.assert_array_equal(apply_gate(coverage, gate, calibrator, None), coverage)  # no gate chosen


def test_gate_is_fitted_and_its_threshold_chosen_on_out_of_fold_scores():
    """The gate is off by default (it vetoed real articles); when asked for, it still works as documented."""
    docs, Y = _corpus()
    model = DocumentClassifier(tfidf_min_df=1, cv_folds=3, use_document_words=True, use_out_of_scope_gate=True)
    model.fit(docs, Y)
    assert model.gate_model_ is not None  # the toy corpus has documents covering nothing
    assert model.gate_threshold_ is None or 0.2 <= model.gate_threshold_ <= 0.95
    assert model.cv_gate_.shape == (len(docs),) and np.isfinite(model.cv_gate_).all()
    # cv_probabilities_ are the gated out-of-fold probabilities: still probabilities.
    assert ((model.cv_probabilities_ >= 0) & (model.cv_probabilities_ <= 1)).all()


def test_the_shipped_model_has_no_register_veto(default_model):
    """No genre cues and no out-of-scope gate: no genre can veto a text that describes actions."""
    model, card = default_model
    assert model.gate_threshold_ is None and model.gate_model_ is None
    hyperparameters = card["hyperparameters"]
    assert not hyperparameters["use_out_of_scope_gate"] and not hyperparameters["use_genre_cues"]


def test_without_the_raw_word_view_there_is_no_gate():
    docs, Y = _corpus()
    model = DocumentClassifier(tfidf_min_df=1, cv_folds=3, use_document_words=False).fit(docs, Y)
    assert model.gate_model_ is None and model.gate_threshold_ is None
    assert model.predict(docs).shape == Y.shape


def test_excerpts_are_labelled_sections_of_documents_with_section_labels():
    """Short documents cut from labelled sections join training, in their document's group."""

    def section(kind: str, heading: str, words: int) -> list[AnalysedPassage]:
        text = " ".join([TEXTS[kind]] * (words // len(TEXTS[kind].split()) + 1))
        return [AnalysedPassage(Passage(text, 1, heading), text)]

    doc = section("marketing", "Publics", 90) + section("technology", "Outils", 90) + section("none", "Annexe", 20)
    labels = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 0]])
    unlabelled = section("reorganisation", "", 200)
    Y = np.array([[1, 1, 0], [0, 0, 1]])
    model = DocumentClassifier(excerpts_per_document=3, excerpt_min_words=80)
    X, Y2, groups, passage_labels = model.with_excerpts([doc, unlabelled], Y, ["org-a", "org-b"], [labels, None])
    # The two long sections of the labelled document, never the 20-word annex nor the unlabelled document.
    assert len(X) == 4 and groups == ["org-a", "org-b", "org-a", "org-a"]
    excerpts = {x[0].passage.heading: y.tolist() for x, y in zip(X[2:], Y2[2:], strict=True)}
    assert excerpts == {"Publics": [1, 0, 0], "Outils": [0, 1, 0]}
    assert [p.tolist() for p in passage_labels[2:]] in ([[[1, 0, 0]], [[0, 1, 0]]], [[[0, 1, 0]], [[1, 0, 0]]])
    off = DocumentClassifier(excerpts_per_document=0).with_excerpts([doc], Y[:1], None, [labels])
    assert len(off[0]) == 1 and off[2] is None
