"""Command line: `classify` for analysts, `classifier` for maintainers. The only Typer module."""

from __future__ import annotations

import json
import os
import signal
import sys
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Annotated

import typer

from .config import LIMITS, MODEL, Limits

classify_app = typer.Typer(add_completion=False, rich_markup_mode=None)
maintainer_app = typer.Typer(
    add_completion=False, no_args_is_help=True, help="Entraîner, évaluer et décrire le modèle (mainteneurs)."
)


class Format(StrEnum):
    text = "text"
    jsonl = "jsonl"


def _default_model() -> Path:
    from .persist import DEFAULT_MODEL_DIR

    return Path(os.environ.get("CLASSIFIER_MODEL", DEFAULT_MODEL_DIR))


def _default_train_output() -> Path:
    """$CLASSIFIER_MODEL, else the packaged model of a source checkout; an installed package is not overwritten."""
    from .persist import source_checkout_model_dir

    if "CLASSIFIER_MODEL" in os.environ:
        return Path(os.environ["CLASSIFIER_MODEL"])
    directory = source_checkout_model_dir()
    if directory is None:
        _fail(
            "le paquet est installé (pas un dépôt source) : indiquez où enregistrer le modèle avec --out DOSSIER "
            "/ installed package: give --out DIR"
        )
    return directory


def _fail(message: str, code: int = 2) -> None:
    typer.echo(f"Erreur : {message}", err=True)
    raise typer.Exit(code)


@classify_app.command()
def classify(
    inputs: Annotated[
        list[Path],
        typer.Argument(
            help="Fichiers (PDF, DOCX, DOC, ODT, PPTX, ODP, RTF, HTML, MD, TXT), dossiers et archives ZIP, "
            "parcourus récursivement."
        ),
    ],
    format: Annotated[
        Format, typer.Option("--format", "-f", help="text : rapport lisible ; jsonl : un objet JSON par document.")
    ] = Format.text,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Écrire tout le lot dans un fichier .csv, .parquet, .xlsx, .jsonl ou .html."),
    ] = None,
    jobs: int = typer.Option(
        os.cpu_count() or 1, "--jobs", "-j", min=1, help="Processus de calcul (par défaut : tous les cœurs)."
    ),
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Sans barre de progression ni résumé.")] = False,
    resume: bool = typer.Option(
        False, "--resume", help="Reprendre : ne pas recalculer les fichiers déjà présents dans --out."
    ),
    model: Annotated[
        Path | None, typer.Option("--model", help="Dossier du modèle (par défaut : le modèle livré avec le paquet).")
    ] = None,
    max_size: float = typer.Option(
        LIMITS.max_bytes / 1e6,
        "--max-size",
        min=0.001,
        help="Taille maximale d'un fichier, en Mo (refusé au-delà : erreur too_large).",
    ),
    max_unzipped: float = typer.Option(
        LIMITS.max_unzipped_bytes / 1e6,
        "--max-unzipped",
        min=0.001,
        help="Contenu décompressé maximal d'un DOCX/ODT/PPTX/ODP, en Mo (bombe zip refusée au-delà : too_large).",
    ),
    max_archive_size: float = typer.Option(
        LIMITS.max_archive_bytes / 1e6,
        "--max-archive-size",
        min=0.001,
        help="Taille maximale d'une archive ZIP parcourue, ou d'une archive dans une archive, en Mo (too_large).",
    ),
    max_archive_files: int = typer.Option(
        LIMITS.max_archive_members,
        "--max-archive-files",
        min=1,
        help="Fichiers au plus dans une archive ZIP, archives imbriquées comprises (too_large au-delà).",
    ),
    max_archive_unzipped: float = typer.Option(
        LIMITS.max_archive_unzipped_bytes / 1e6,
        "--max-archive-unzipped",
        min=0.001,
        help="Contenu décompressé maximal d'une archive ZIP, archives imbriquées comprises, en Mo (too_large).",
    ),
    max_ratio: float = typer.Option(
        LIMITS.max_compression_ratio,
        "--max-ratio",
        min=1,
        help="Taux de compression maximal d'un fichier de plus de 1 Mo dans une archive (bombe zip : too_large).",
    ),
    max_archive_depth: int = typer.Option(
        LIMITS.max_archive_depth,
        "--max-archive-depth",
        min=1,
        help="Niveaux d'archives imbriquées au plus (une archive seule : 1 ; too_deep au-delà).",
    ),
    max_pages: int = typer.Option(
        LIMITS.max_pages,
        "--max-pages",
        min=1,
        help="Pages lues au plus par PDF (tronqué au-delà, avertissement truncated).",
    ),
    max_chars: int = typer.Option(
        LIMITS.max_chars,
        "--max-chars",
        min=1,
        help="Caractères lus au plus par document (tronqué au-delà, avertissement truncated).",
    ),
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout", min=0, help="Secondes au plus par document (erreur timeout au-delà ; 0 : sans limite)."
        ),
    ] = LIMITS.timeout,
    no_ocr: Annotated[
        bool,
        typer.Option("--no-ocr", help="Ne pas lire les PDF numérisés par OCR (Tesseract), même s'il est installé."),
    ] = False,
    ocr_timeout: float = typer.Option(
        LIMITS.ocr_page_timeout,
        "--ocr-timeout",
        min=0.001,
        help="Secondes au plus d'OCR par page numérisée (la page reste illisible au-delà).",
    ),
) -> None:
    """Classer des documents : stratégie numérique, plan marketing, plan technologique ou hors sujet."""
    from .batch import start_helper_process, stop_helper_process

    if jobs == 1 or _one_document(inputs):
        # Scored in this process: the French analysis loads in a helper process. Started before
        # the model's libraries are imported here, the two loads overlap (cold start).
        start_helper_process()
    from .runner import BatchError, run_batch

    limits = Limits(
        max_bytes=int(max_size * 1e6),
        max_pages=max_pages,
        max_chars=max_chars,
        max_unzipped_bytes=int(max_unzipped * 1e6),
        max_archive_bytes=int(max_archive_size * 1e6),
        max_archive_members=max_archive_files,
        max_archive_unzipped_bytes=int(max_archive_unzipped * 1e6),
        max_compression_ratio=max_ratio,
        max_archive_depth=max_archive_depth,
        timeout=timeout,
        ocr=not no_ocr,
        ocr_page_timeout=ocr_timeout,
    )
    if out is not None and format is not Format.text:
        typer.echo(
            f"--format {format.value} ignoré : avec --out, l'extension de {out.name} choisit le format / ignored",
            err=True,
        )
    try:
        errors = run_batch(inputs, model or _default_model(), format.value, out, jobs, quiet, resume, limits)
    except BatchError as exc:
        _fail(str(exc), exc.exit_code)
    finally:
        stop_helper_process()
    raise typer.Exit(1 if errors else 0)


def _one_document(inputs: list[Path]) -> bool:
    """A single input file that is not an archive: the batch will run in one process."""
    return len(inputs) == 1 and inputs[0].suffix.lower() != ".zip" and inputs[0].is_file()


#: The real-world development set, beside the repository (not shipped with it).
DEFAULT_DEV = Path("../shared/realworld/dev.jsonl")
DEV_HELP = "Jeu réel de développement (JSON lines : id, text, dims), mesuré à côté du split de test s'il existe."


def _dev_set(path: Path) -> Path | None:
    """`path` if it is a file; else None, with a note that the real-world set is not measured."""
    if path.is_file():
        return path
    typer.echo(f"Jeu réel introuvable ({path}) : non mesuré / real-world dev set not found, not measured", err=True)
    return None


@maintainer_app.command()
def train(
    corpus: Annotated[Path, typer.Option(help="Dossier du corpus (raw/ et labelled/).")] = Path("data"),
    out: Annotated[
        Path | None,
        typer.Option(help="Dossier où écrire le modèle (par défaut : le modèle livré, dans un dépôt source)."),
    ] = None,
    document_labels_only: bool = typer.Option(
        False, help="Ignorer les étiquettes de sections (comme un corpus d'analystes)."
    ),
    cross_validation: Annotated[
        bool, typer.Option("--cv/--no-cv", help="Mesurer aussi le split d'entraînement par validation croisée.")
    ] = True,
    dev: Annotated[Path, typer.Option(help=DEV_HELP)] = DEFAULT_DEV,
    real_pages: Annotated[
        bool,
        typer.Option(
            "--real-pages/--no-real-pages",
            help="Entraîner aussi sur les pages réelles du corpus (realpages/), mesurées alors hors pli.",
        ),
    ] = False,
) -> None:
    """Valider le corpus, entraîner, évaluer contre les références, enregistrer le modèle et sa fiche."""
    from .card import render_checklist, render_metrics
    from .corpus import CorpusError
    from .crossval import cross_validation_report
    from .persist import save_model
    from .training import InvalidCorpus, train_and_evaluate

    cross_validate = partial(cross_validation_report, jobs=os.cpu_count() or 1) if cross_validation else None
    out = out or _default_train_output()
    try:
        model, card = train_and_evaluate(
            corpus,
            MODEL,
            use_sections=not document_labels_only,
            dev=_dev_set(dev),
            cross_validate=cross_validate,
            with_real_pages=real_pages,
        )
    except CorpusError as exc:
        _fail(str(exc), 1)
    except InvalidCorpus as exc:
        _fail("\n".join(["corpus invalide, entraînement refusé :", *map(str, exc.problems)]), 1)
    card = save_model(model, card, out)
    typer.echo(render_metrics(card["metrics"]))
    typer.echo(render_checklist(card.get("checklist")))
    typer.echo(f"Modèle enregistré dans {out} (sha256 {card['sha256'][:12]}…)")


@maintainer_app.command()
def evaluate(
    corpus: Annotated[Path, typer.Option(help="Dossier du corpus.")] = Path("data"),
    model: Annotated[
        Path | None, typer.Option(help="Dossier du modèle (par défaut : le modèle livré avec le paquet).")
    ] = None,
    cross_validation: Annotated[
        bool,
        typer.Option("--cv/--no-cv", help="Ajouter la validation croisée du split d'entraînement (quelques minutes)."),
    ] = True,
    dev: Annotated[Path, typer.Option(help=DEV_HELP)] = DEFAULT_DEV,
) -> None:
    """Mesurer le modèle enregistré et les deux références sur le split de test et le jeu réel,
    puis, par validation croisée (groupée par organisation, et sans chaque famille de genre), le split d'entraînement."""
    from .card import render_evaluation
    from .corpus import CorpusError
    from .crossval import full_evaluation
    from .persist import ModelError, load_model
    from .training import InvalidCorpus

    try:
        fitted, card = load_model(model or _default_model())
    except ModelError as exc:
        _fail(str(exc))
    try:
        evaluation = full_evaluation(
            fitted,
            corpus,
            _dev_set(dev),
            cross_validation=cross_validation,
            jobs=os.cpu_count() or 1,
            trained_on_pages=bool(card.get("training_data", {}).get("real_pages")),
        )
        typer.echo(render_evaluation(evaluation))
    except CorpusError as exc:
        _fail(str(exc), 1)
    except InvalidCorpus as exc:
        _fail("\n".join(["corpus invalide / invalid corpus :", *map(str, exc.problems)]), 1)


@maintainer_app.command()
def validate(corpus: Annotated[Path, typer.Option(help="Dossier du corpus.")] = Path("data")) -> None:
    """Vérifier le corpus étiqueté : chaque problème est signalé avec sa ligne."""
    from .corpus import CorpusError, load_corpus, validate_corpus

    try:
        problems = validate_corpus(load_corpus(corpus))
    except CorpusError as exc:
        _fail(str(exc), 1)
    for problem in problems:
        typer.echo(str(problem))
    typer.echo(f"{len(problems)} problème(s)." if problems else "Corpus valide.")
    raise typer.Exit(1 if problems else 0)


@maintainer_app.command()
def info(
    model: Annotated[
        Path | None, typer.Option(help="Dossier du modèle (par défaut : le modèle livré avec le paquet).")
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="La fiche brute, en JSON.")] = False,
) -> None:
    """Afficher la fiche du modèle (étiquettes, seuils, mesures, versions, empreintes, provenance)."""
    from .card import render_card
    from .persist import ModelError, check_model, read_card

    directory = model or _default_model()
    try:
        card = read_card(directory)
    except ModelError as exc:
        _fail(str(exc))
    try:
        check_model(directory)
        status = "vérifié : l'empreinte sha256 et les versions correspondent"
    except ModelError as exc:  # the card is still worth reading: it says what the model should be
        status = f"NON UTILISABLE : {exc}"
    typer.echo(json.dumps(card, ensure_ascii=False, indent=2) if json_output else render_card(card, directory, status))


def classify_main() -> None:
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # SIGTERM ends a batch like Ctrl-C
    classify_app(prog_name="classify")


def maintainer_main() -> None:
    maintainer_app(prog_name="classifier")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(maintainer_main())
