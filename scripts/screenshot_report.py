#!/usr/bin/env python3
"""Render an HTML report to a PNG with Debian's headless Chromium.

Why this exists: the HTML report is read by people, so its tests must also look at it as a
browser draws it — a page can parse fine and still render blank or broken. The screenshot is
what a reviewer (or a test) checks: it must exist and be more than a few kilobytes.

Usage::

    python scripts/screenshot_report.py results.html /tmp/report.png [--size 1400,2000]

Chromium runs with a fresh temporary profile and every background network feature turned off,
so taking the screenshot neither touches the user's profile nor reaches the network.
Exit status: 0 on success, 2 when chromium is missing, 1 when the screenshot failed.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

#: Below this size the PNG is almost certainly a blank page.
MIN_BYTES = 10 * 1024
TIMEOUT_SECONDS = 120


def find_chromium() -> str | None:
    """The Chromium executable on PATH (Debian names it `chromium`)."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def screenshot(html_path: Path, png_path: Path, size: str = "1400,2000") -> Path:
    """Draw `html_path` into `png_path`; raises RuntimeError when Chromium fails or draws nothing."""
    chromium = find_chromium()
    if chromium is None:
        raise FileNotFoundError("chromium est introuvable : l'installer avec « apt-get install -y chromium »")
    html_path, png_path = Path(html_path).resolve(), Path(png_path).resolve()
    if not html_path.is_file():
        raise RuntimeError(f"{html_path} : fichier HTML introuvable")
    png_path.parent.mkdir(parents=True, exist_ok=True)
    png_path.unlink(missing_ok=True)  # so a stale PNG can never pass for a fresh one
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        command = [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            f"--window-size={size}",
            f"--screenshot={png_path}",
            html_path.as_uri(),
        ]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired:
            raise RuntimeError(f"chromium n'a pas terminé en {TIMEOUT_SECONDS} s") from None
    if not png_path.is_file():
        detail = (result.stderr or result.stdout).strip()[-2000:]
        raise RuntimeError(f"chromium n'a produit aucune image (code {result.returncode}).\n{detail}")
    size_bytes = png_path.stat().st_size
    if size_bytes <= MIN_BYTES:
        raise RuntimeError(f"{png_path} ne pèse que {size_bytes} octets : page probablement vide")
    return png_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", type=Path, help="rapport HTML à dessiner")
    parser.add_argument("png", type=Path, help="image PNG à écrire")
    parser.add_argument("--size", default="1400,2000", help="taille de la fenêtre, largeur,hauteur (1400,2000)")
    args = parser.parse_args(argv)
    try:
        path = screenshot(args.html, args.png, args.size)
    except FileNotFoundError as exc:
        print(f"erreur : {exc}", file=sys.stderr)
        return 2
    except RuntimeError as exc:
        print(f"erreur : {exc}", file=sys.stderr)
        return 1
    print(f"{path} ({path.stat().st_size // 1024} Ko)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
