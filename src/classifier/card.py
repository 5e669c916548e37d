"""The model card, in French and English, generated from the card file written at training."""

from __future__ import annotations

from pathlib import Path

from .evaluate import comparison_table


def render_metrics(results: dict[str, dict]) -> str:
    """The side-by-side table, then the model's document-type confusion matrix per data set."""
    parts = [comparison_table(results)]
    for dataset, systems in results.items():
        matrix = systems["modèle"]["confusion"]
        labels = matrix["labels"]
        parts.append(f"\nMatrice de confusion des types — {dataset} (lignes : vrai, colonnes : prédit)")
        parts.append("| vrai \\ prédit | " + " | ".join(labels) + " |")
        parts.append("|---|" + "---:|" * len(labels))
        for label, row in zip(labels, matrix["matrix"], strict=True):
            parts.append(f"| {label} | " + " | ".join(map(str, row)) + " |")
    return "\n".join(parts)


def render_card(card: dict, directory: str | Path, status: str) -> str:
    """A readable bilingual model card (what `classifier info` prints)."""
    data = card.get("training_data", {})
    thresholds = ", ".join(f"{dim} {value:.2f}" for dim, value in card.get("thresholds", {}).items())
    versions = ", ".join(f"{name} {version}" for name, version in card.get("versions", {}).items())
    lines = [
        f"# Fiche du modèle / Model card — {card.get('name')} {card.get('version')}",
        "",
        f"Dossier / directory : {directory}",
        f"État / status : {status}",
        f"sha256 (model.joblib) : {card.get('sha256')}",
        f"Créé le / created : {card.get('created')}",
        "",
        "## Étiquettes / labels",
        "Dimensions : " + ", ".join(f"{k} ({v})" for k, v in card["labels"]["dimensions"].items()),
        "Types / document types : " + ", ".join(f"{k} ({v})" for k, v in card["labels"]["doc_types"].items()),
        f"Seuils par dimension / per-dimension thresholds : {thresholds}",
        "",
        "## Données d'entraînement / training data",
        f"{data.get('documents')} documents ({data.get('train')} train, {data.get('test')} test) ; "
        f"types : {data.get('doc_types')} ; étiquettes de sections / section labels : {data.get('section_labels')}",
        f"Empreinte du corpus / corpus hash : {data.get('hash')}",
        "",
        "## Mesures / metrics (modèle et références mesurés dans le même passage / model and baselines, same run)",
        render_metrics(card.get("metrics", {})),
        "",
        "## Hyper-paramètres / hyper-parameters",
        ", ".join(f"{k}={v}" for k, v in card.get("hyperparameters", {}).items()),
        "",
        "## Limites / limitations",
        *[f"- {item}" for item in card.get("limitations", [])],
        "",
        "## Versions",
        versions,
    ]
    return "\n".join(lines)
