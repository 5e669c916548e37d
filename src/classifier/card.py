"""The model card, in French and English, generated from the card file written at training.

Every heading and every label a reader meets is given in both languages ("Seuils / thresholds");
values come from the card only, so an older card without some field still renders, saying
what was not recorded.
"""

from __future__ import annotations

from pathlib import Path

from .labels import DIMENSIONS
from .metrics import BOOTSTRAP_DRAWS

DIMS = list(DIMENSIONS)
#: How the keys of evaluation results (English, in cards and code) are shown to a reader.
#: Every table of the card, `classifier evaluate` and the notebooks goes through `display`.
DISPLAY = {
    "model": "modèle",
    "lexicon_baseline": "lexiques (comptage)",
    "tfidf_baseline": "TF-IDF mots + rég. logistique",
    "test": "test",
    "dev": "réel (dev)",
    "pages": "pages réelles (dev)",
    "pages_oof": "pages réelles (hors pli)",
    "grouped_cv": "CV groupée par organisation",
    "family_cv": "CV sans la famille de genre",
    "keyword_baseline": "mots-clés (comptage)",
    "sections": "sections",
    "documents": "documents",
}
#: Cards written before the keys were English used the French names as keys.
_LEGACY_KEYS = {french: key for key, french in DISPLAY.items() if french != key}
NOT_RECORDED = "non enregistré / not recorded"
#: English glosses of the French names used in the metric tables.
METRICS_LEGEND = (
    "Légende / legend: données = data set; système = system; modèle = this model; "
    "lexiques (comptage) = lexicon-counting baseline; TF-IDF mots + rég. logistique = "
    "TF-IDF on raw words + logistic regression baseline; exactitude du type = document-type accuracy; "
    "test = held-out split of the corpus; pages réelles (dev) = the corpus's re-told real pages never trained on; "
    "pages réelles (hors pli) = the same pages, for a model trained on them, each scored by a model refitted "
    "without its fifth of them (out of fold); "
    "réel (dev) = real-world development set."
)

INTERVAL_NOTE = (
    f"\n[a–b] : intervalle à 95 % par bootstrap des documents ({BOOTSTRAP_DRAWS} tirages) / "
    "95 % bootstrap interval, documents resampled"
)


def display(key: str) -> str:
    """The French name of an evaluation key (a system, a data set, a cross-validation).

    >>> display("tfidf_baseline"), display("dev"), display("nouveau")
    ('TF-IDF mots + rég. logistique', 'réel (dev)', 'nouveau')
    """
    return DISPLAY.get(key, key)


def comparison_table(results: dict[str, dict[str, dict]]) -> str:
    """A Markdown table: one row per (data set, system), macro-F1, per-dimension F1, type accuracy."""
    head = "| données | système | F1 marketing | F1 technologie | F1 réorganisation | macro-F1 | exactitude du type |"
    lines = [head, "|---|---|---:|---:|---:|---:|---:|"]
    for dataset, systems in results.items():
        for system, m in systems.items():
            f1 = [f"{m['dimensions'][d]['f1']:.3f}" for d in DIMS]
            lines.append(
                f"| {display(dataset)} (n={m['n']}) | {display(system)} | {' | '.join(f1)} | "
                f"{_with_interval(m, 'macro_f1')} | {_with_interval(m, 'doc_type_accuracy')} |"
            )
    if any("intervals" in m for systems in results.values() for m in systems.values()):
        lines.append(INTERVAL_NOTE)
    return "\n".join(lines)


def _with_interval(metrics: dict, key: str) -> str:
    """A measure and, when recorded, its 95 % bootstrap interval: « 0.878 [0.750–0.969] ».

    >>> _with_interval({"macro_f1": 0.9, "intervals": {"macro_f1": [0.85, 0.95]}}, "macro_f1")
    '0.900 [0.850–0.950]'
    """
    low_high = metrics.get("intervals", {}).get(key)
    return f"{metrics[key]:.3f}" + (f" [{low_high[0]:.3f}–{low_high[1]:.3f}]" if low_high else "")


def render_metrics(results: dict[str, dict]) -> str:
    """The side-by-side table, then the model's document-type confusion matrix per data set."""
    parts = [comparison_table(results)]
    for dataset, systems in results.items():
        matrix = systems["model"]["confusion"]
        labels = matrix["labels"]
        parts.append(f"\nMatrice de confusion des types — {display(dataset)} (lignes : vrai, colonnes : prédit)")
        parts.append("| vrai \\ prédit | " + " | ".join(labels) + " |")
        parts.append("|---|" + "---:|" * len(labels))
        for label, row in zip(labels, matrix["matrix"], strict=True):
            parts.append(f"| {label} | " + " | ".join(map(str, row)) + " |")
    return "\n".join(parts)


def render_cross_validation(report: dict) -> str:
    """Grouped and leave-one-family-out CV (model and baselines), the model per held-out
    family, and the `needs_review` trade-off; or why it was not run (a training split too small)."""
    if report.get("skipped"):
        return "Non faite, split d'entraînement trop petit / not run, training split too small : " + " ; ".join(
            report["skipped"]
        )
    parts = [comparison_table(report["metrics"])]
    if report.get("per_family"):
        parts += [
            "",
            "Modèle, famille de genre tenue à l'écart / model, genre family held out",
            "| famille / family | n | macro-F1 | exactitude du type / type accuracy |",
            "|---|---:|---:|---:|",
        ]
        parts += [
            f"| {family} | {m['n']} | {m['macro_f1']:.3f} | {m['doc_type_accuracy']:.3f} |"
            for family, m in report["per_family"].items()
        ]
    for name, rows in report.get("review", {}).items():
        parts += ["", render_review(name, rows)]
    return "\n".join(parts)


def render_review(name: str, rows: list[dict]) -> str:
    """The `needs_review` trade-off: per margin, documents flagged and type accuracy on both sides."""

    def share(x: float | None) -> str:
        return "—" if x is None else f"{x:.3f}"

    lines = [
        f"À relire en priorité (needs_review) — {display(name)} : documents signalés et exactitude du type",
        "| marge (log-odds) / margin | signalés / flagged | exactitude, signalés / accuracy, flagged | "
        "exactitude, autres / accuracy, rest |",
        "|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r['margin']:.2f} | {r['flagged_share']:.1%} | {share(r['accuracy_flagged'])} | {share(r['accuracy_rest'])} |"
        for r in rows
    ]
    return "\n".join(lines)


def render_evaluation(evaluation: dict) -> str:
    """Everything `classifier evaluate` measured, as Markdown."""
    parts = [render_metrics(evaluation["held_out"])]
    for name, rows in evaluation.get("review", {}).items():
        parts += ["", render_review(name, rows)]
    if evaluation.get("checklist"):
        parts += ["", "Grille de l'analyste / analyst's checklist", "", render_checklist(evaluation["checklist"])]
    if evaluation.get("cross_validation"):
        parts += ["", "Validation croisée du split d'entraînement / cross-validation of the training split", ""]
        parts.append(render_cross_validation(evaluation["cross_validation"]))
    return "\n".join(parts)


def render_checklist(report: dict | None) -> str:
    """The checklist (SPEC §2b) on the test split: criteria per dimension, for sections and for
    documents as the record shows them; commitments; claimed type."""
    if not report:
        return NOT_RECORDED
    dims = list(DIMENSIONS)
    lines = [
        "Sous-critères, test : F1 « trouvé » (mentionné ou couvert) puis F1 « couvert », moyenne par dimension / "
        "sub-criteria, test split: F1 of finding a criterion, then of finding it covered, mean per dimension",
        "",
        "| unité / unit | système / system | "
        + " | ".join(f"{d} trouvé / couvert" for d in dims)
        + " | macro trouvé | macro couvert | mentionné vs couvert |",
        "|---|---|" + "---:|" * (len(dims) + 3),
    ]
    for unit in ("sections", "documents"):
        for system, m in report[unit].items():
            cells = [f"{m['dimensions'][d]['found_f1']:.3f} / {m['dimensions'][d]['covered_f1']:.3f}" for d in dims]
            agree = m["mentioned_vs_covered_accuracy"]
            lines.append(
                f"| {display(unit)} (n={m['n']}) | {display(system)} | {' | '.join(cells)} | {m['found_macro_f1']:.3f} | "
                f"{m['covered_macro_f1']:.3f} | {'—' if agree is None else f'{agree:.3f}'} |"
            )
    kinds = list(report["commitments"]["model"]["kinds"])
    lines += [
        "",
        "Engagements : par section (documents couvrant une dimension), puis par document et dimension "
        "couverte comme la fiche les montre / commitments: per section (documents covering a dimension), then "
        "per document and covered dimension as the record shows them",
        "",
        "| unité / unit | système / system | " + " | ".join(kinds) + " | F1 global / pooled |",
        "|---|---|" + "---:|" * (len(kinds) + 1),
    ]
    units = {"sections": report["commitments"], "documents × dimension": report.get("commitments_documents", {})}
    for unit, systems in units.items():
        for system, m in systems.items():
            cells = [f"{m['kinds'][k]['f1']:.3f}" for k in kinds]
            lines.append(f"| {unit} (n={m['n']}) | {display(system)} | {' | '.join(cells)} | {m['pooled_f1']:.3f} |")
    claimed = report["claimed_type"]
    accuracy = claimed["accuracy_claiming"]
    lines += [
        "",
        f"Seuil d'un statut (choisi en CV groupée) / status threshold (chosen on grouped CV) : "
        f"{report.get('status_threshold', NOT_RECORDED)}",
        f"Type revendiqué / claimed type : {'—' if accuracy is None else f'{accuracy:.3f}'} sur les "
        f"{claimed['claiming']} documents qui en revendiquent un / on the documents that claim one ; "
        f"{claimed['accuracy']:.3f} sur les {claimed['n']} annotés / on all {claimed['n']} annotated.",
    ]
    per_criterion = report["sections"]["model"]["criteria"]
    lines += [
        "",
        "Par sous-critère, sections, modèle / per criterion, sections, model : "
        + ", ".join(
            f"{k} {v['found_f1']:.2f}/{v['covered_f1']:.2f} (n={v['support']})" for k, v in per_criterion.items()
        ),
    ]
    return "\n".join(lines)


def render_model_detail(results: dict[str, dict]) -> str:
    """The model's precision, recall and F1 per dimension and data set (the baselines' F1 is in the main table)."""
    lines = [
        "| données / data | dimension | précision / precision | rappel / recall | F1 | support |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for dataset, systems in results.items():
        for dim, m in systems["model"]["dimensions"].items():
            lines.append(
                f"| {display(dataset)} | {dim} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} | {m['support']} |"
            )
    return "\n".join(lines)


def render_training_data(data: dict) -> str:
    """Documents per type and split, positives per dimension, and whether section labels were used."""
    lines = [
        f"{data.get('documents', '?')} documents : {data.get('train', '?')} entraînement / train, "
        f"{data.get('test', '?')} test",
    ]
    by_split = data.get("doc_types_by_split")
    if by_split:
        splits = sorted(by_split)
        lines += [
            "",
            "| type | " + " | ".join(splits) + " | total |",
            "|---|" + "---:|" * (len(splits) + 1),
        ]
        for doc_type, total in data.get("doc_types", {}).items():
            counts = [str(by_split[split].get(doc_type, 0)) for split in splits]
            lines.append(f"| {doc_type} | " + " | ".join(counts) + f" | {total} |")
        lines.append("")
    else:
        lines.append(f"Types : {data.get('doc_types', NOT_RECORDED)}")
    if data.get("dimensions"):
        positives = ", ".join(f"{dim} {count}" for dim, count in data["dimensions"].items())
        lines.append(f"Documents couvrant chaque dimension / documents covering each dimension : {positives}")
    used = data.get("section_labels")
    used_text = NOT_RECORDED if used is None else ("oui / yes" if used else "non / no (document labels only)")
    lines.append(f"Étiquettes de sections utilisées / section labels used : {used_text}")
    pages = data.get("real_pages")
    pages_text = (
        NOT_RECORDED if pages is None else f"{pages}" + (" (mesurées hors pli / scored out of fold)" if pages else "")
    )
    lines.append(f"Pages réelles apprises (realpages/) / real pages trained on : {pages_text}")
    return "\n".join(lines)


def _gate_line(card: dict) -> str:
    """What the out-of-scope gate does in this model, in both languages.

    >>> _gate_line({"gate_threshold": 0.35}).startswith("Filtre hors sujet / out-of-scope gate : 0.35")
    True
    >>> _gate_line({"gate_threshold": None})
    'Filtre hors sujet / out-of-scope gate : aucun / none'
    """
    if "gate_threshold" not in card:
        return f"Filtre hors sujet / out-of-scope gate : {NOT_RECORDED}"
    if card["gate_threshold"] is None:
        return "Filtre hors sujet / out-of-scope gate : aucun / none"
    return (
        f"Filtre hors sujet / out-of-scope gate : {card['gate_threshold']:.2f} — un texte dont le score atteint ce "
        "seuil se lit comme un genre qui ne planifie rien (offre d'emploi, page légale…) : ses probabilités sont "
        "multipliées par celle qu'il soit un plan, et il ne couvre aucune dimension. / A text whose score reaches "
        "it reads like a genre that plans nothing: its probabilities are multiplied by the probability that it is "
        "a plan at all, and it covers no dimension."
    )


def _english_keys(value):
    """A card of an older version with its French evaluation keys made English, to render alike.

    >>> _english_keys({"metrics": {"réel (dev)": {"modèle": {"n": 3}}}})
    {'metrics': {'dev': {'model': {'n': 3}}}}
    """
    if isinstance(value, dict):
        return {_LEGACY_KEYS.get(key, key): _english_keys(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_LEGACY_KEYS.get(item, item) if isinstance(item, str) else _english_keys(item) for item in value]
    return value


def render_card(card: dict, directory: str | Path, status: str) -> str:
    """A readable bilingual model card (what `classifier info` prints).

    >>> text = render_card({"name": "m", "version": "1", "labels": {"dimensions": {}, "doc_types": {}}}, "models/x", "ok")
    >>> "## Provenance" in text and "not recorded" in text
    True
    """
    card = _english_keys(card)
    data = card.get("training_data", {})
    provenance = card.get("provenance", {})
    thresholds = ", ".join(f"{dim} {value:.2f}" for dim, value in card.get("thresholds", {}).items())
    metrics = card.get("metrics", {})
    lines = [
        f"# Fiche du modèle / Model card — {card.get('name')} {card.get('version')}",
        "",
        f"Dossier / directory : {directory}",
        f"État / status : {status}",
        f"Créé le / created : {card.get('created', NOT_RECORDED)}",
        "",
        "## Étiquettes / labels",
        "Dimensions : " + ", ".join(f"{k} ({v})" for k, v in card["labels"]["dimensions"].items()),
        "Types / document types : " + ", ".join(f"{k} ({v})" for k, v in card["labels"]["doc_types"].items()),
        f"Seuils par dimension / per-dimension thresholds : {thresholds or NOT_RECORDED}",
        "Une dimension est couverte quand sa probabilité atteint son seuil ; le type suit la règle du §2. / "
        "A dimension is covered when its probability reaches its threshold; the type follows the rule of §2.",
        _gate_line(card),
        "",
        "## Données d'entraînement / training data",
        render_training_data(data),
        "",
        "## Mesures / metrics",
        "Modèle et références mesurés dans le même passage, sur les mêmes documents. / "
        "Model and baselines measured in the same run, on the same documents.",
        "",
        render_metrics(metrics) if metrics else NOT_RECORDED,
        "",
        METRICS_LEGEND,
        "",
        "### Détail du modèle / model detail",
        render_model_detail(metrics) if metrics else NOT_RECORDED,
        "",
        "### Validation croisée du split d'entraînement / cross-validation of the training split",
        render_cross_validation(card["cross_validation"]) if card.get("cross_validation") else NOT_RECORDED,
        "",
        "### Grille de l'analyste / analyst's checklist (SPEC §2b)",
        render_checklist(card.get("checklist")),
        "",
        "## Hyper-paramètres / hyper-parameters",
        ", ".join(f"{k}={v}" for k, v in card.get("hyperparameters", {}).items()) or NOT_RECORDED,
        "",
        "## Limites / limitations",
        *([f"- {item}" for item in card.get("limitations", [])] or [NOT_RECORDED]),
        "",
        "## Empreintes / hashes",
        f"sha256 (model.joblib) : {card.get('sha256', NOT_RECORDED)}",
        f"Empreinte du corpus / corpus hash (sha256) : {data.get('hash', NOT_RECORDED)}",
        "",
        "## Provenance",
        f"Entraîné par / trained with : {provenance.get('source', NOT_RECORDED)}",
        f"Corpus : {provenance.get('corpus', NOT_RECORDED)}",
        f"Jeux d'évaluation / evaluation sets : {', '.join(map(display, provenance.get('evaluation_sets', metrics))) or NOT_RECORDED}",
        f"Python : {provenance['python']} ({provenance.get('platform', '?')})"
        if "python" in provenance
        else f"Python : {NOT_RECORDED}",
        "",
        "## Versions",
        *([f"- {name} {version}" for name, version in card.get("versions", {}).items()] or [NOT_RECORDED]),
    ]
    return "\n".join(lines)
