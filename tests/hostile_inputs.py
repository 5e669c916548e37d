"""Generators of hostile input files, written into a given folder at test time.

Nothing large is committed: each `make_*` function builds its file (or folder) from the
small committed fixtures or from scratch and returns its path. Randomness is seeded, so
the files are the same on every run.
"""

from __future__ import annotations

import hashlib
import io
import os
import random
import stat
import struct
import zipfile
import zlib
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE_PDF = FIXTURES / "sample.pdf"

#: A short French paragraph, enough for the model to score (and for a language vote).
FRENCH_TEXT = (
    "Notre stratégie numérique pour la saison prochaine repose sur trois chantiers. "
    "Nous lancerons une campagne de communication sur les réseaux sociaux pour toucher les étudiants "
    "et les familles du quartier, avec une lettre d'information mensuelle et des vidéos courtes. "
    "Nous migrerons la billetterie vers une solution en ligne et nous refondrons le site web. "
    "Enfin, l'équipe de médiation sera réorganisée autour d'un pôle numérique rattaché à la direction, "
    "avec une formation des agents d'accueil et un suivi des résultats chaque trimestre."
)
ENGLISH_TEXT = (
    "Our digital strategy for the next season rests on three projects. We will launch a social media "
    "campaign to reach students and families in the neighbourhood, with a monthly newsletter and short "
    "videos. We will move the ticketing system to an online platform and rebuild the website. Finally, "
    "the outreach team will be reorganised around a digital unit that reports to the director, and the "
    "front-of-house staff will be trained. The results will be reviewed every quarter by the board."
)


def _rng(name: str) -> random.Random:
    return random.Random(name)  # seeded by the case name: stable files, distinct per case


# --- empty and unsupported -------------------------------------------------------------


def make_zero_byte(folder: Path) -> Path:
    path = folder / "vide.txt"
    path.write_bytes(b"")
    return path


def make_whitespace_only(folder: Path) -> Path:
    path = folder / "blancs.txt"
    path.write_text(" \n\t\n   \u00a0\n\f\n" * 50, encoding="utf-8")
    return path


def make_numbers_only(folder: Path) -> Path:
    path = folder / "chiffres.txt"
    path.write_text("\n".join(f"{i} {i * 17 % 1000} 2025 — 12,5 %" for i in range(200)), encoding="utf-8")
    return path


def make_unsupported_xyz(folder: Path) -> Path:
    path = folder / "notes.xyz"
    path.write_text(FRENCH_TEXT, encoding="utf-8")
    return path


def make_png(folder: Path) -> Path:
    from PIL import Image

    path = folder / "affiche.png"
    Image.new("RGB", (32, 32), (200, 30, 30)).save(path)
    return path


# --- PDFs ------------------------------------------------------------------------------


def make_truncated_pdf(folder: Path) -> Path:
    """The committed sample PDF cut in half (its cross-reference table and trailer are lost)."""
    data = SAMPLE_PDF.read_bytes()
    path = folder / "tronqué.pdf"
    path.write_bytes(data[: len(data) // 2])
    return path


def make_corrupt_pdf(folder: Path) -> Path:
    """A PDF header followed by random bytes."""
    path = folder / "corrompu.pdf"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + _rng("corrupt").randbytes(20_000))
    return path


def make_random_pdf(folder: Path) -> Path:
    """Random bytes under a .pdf name (no PDF header at all)."""
    path = folder / "binaire.pdf"
    path.write_bytes(_rng("random-pdf").randbytes(8_000))
    return path


def make_random_docx(folder: Path) -> Path:
    """Random bytes under a .docx name (not a zip archive)."""
    path = folder / "binaire.docx"
    path.write_bytes(_rng("random-docx").randbytes(8_000))
    return path


def make_image_only_pdf(folder: Path) -> Path:
    """A 'scanned' PDF: two pages, each a picture of a page and no text layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    picture = Image.new("L", (300, 420), 255)
    draw = ImageDraw.Draw(picture)
    for row in range(20, 400, 14):  # grey bars where scanned lines of text would be
        draw.rectangle((20, row, 280 - (row * 7) % 60, row + 6), fill=90)
    path = folder / "numérisé.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(2):
        pdf.drawImage(ImageReader(picture), 40, 60, width=A4[0] - 80, height=A4[1] - 120)
        pdf.showPage()
    pdf.save()
    return path


def make_partly_scanned_pdf(folder: Path) -> Path:
    """A PDF whose first page has text and whose second is only a picture."""
    from PIL import Image
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    path = folder / "en-partie-numérisé.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    text = pdf.beginText(60, A4[1] - 80)
    text.setFont("Helvetica", 11)
    words = FRENCH_TEXT.split()
    for start in range(0, len(words), 12):
        text.textLine(" ".join(words[start : start + 12]))
    pdf.drawText(text)
    pdf.showPage()
    pdf.drawImage(ImageReader(Image.new("L", (200, 280), 128)), 40, 60, width=A4[0] - 80, height=A4[1] - 120)
    pdf.showPage()
    pdf.save()
    return path


# A hand-made encrypted PDF: pypdfium2 cannot encrypt and pypdf is not a dependency, so the
# standard security handler (revision 2, RC4 40-bit, PDF 1.7 §7.6.3) is computed here.

_PASSWORD_PADDING = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    box = list(range(256))
    j = 0
    for i in range(256):
        j = (j + box[i] + key[i % len(key)]) % 256
        box[i], box[j] = box[j], box[i]
    out, i, j = bytearray(), 0, 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + box[i]) % 256
        box[i], box[j] = box[j], box[i]
        out.append(byte ^ box[(box[i] + box[j]) % 256])
    return bytes(out)


def _padded(password: bytes) -> bytes:
    return (password + _PASSWORD_PADDING)[:32]


def encrypted_pdf_bytes(user_password: str, owner_password: str, text: str = "Plan numérique confidentiel") -> bytes:
    """A one-page PDF showing `text`, encrypted with RC4 40-bit (V1, R2) under `user_password`."""
    file_id = hashlib.md5(text.encode()).digest()
    permissions = -4  # every permission; only the password matters here
    owner_key = hashlib.md5(_padded(owner_password.encode("latin-1"))).digest()[:5]
    owner_entry = _rc4(owner_key, _padded(user_password.encode("latin-1")))
    key = hashlib.md5(
        _padded(user_password.encode("latin-1"))
        + owner_entry
        + permissions.to_bytes(4, "little", signed=True)
        + file_id
    ).digest()[:5]
    user_entry = _rc4(key, _PASSWORD_PADDING)

    def encrypt(number: int, data: bytes) -> bytes:
        object_key = hashlib.md5(key + number.to_bytes(3, "little") + b"\x00\x00").digest()[:10]
        return _rc4(object_key, data)

    shown = text.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    content = encrypt(4, b"BT /F1 18 Tf 72 720 Td (" + shown + b") Tj ET")
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        4: b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        6: b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>"
        % (owner_entry.hex().encode(), user_entry.hex().encode(), permissions),
    }
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number, body in objects.items():
        offsets[number] = out.tell()
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for number in objects:
        out.write(b"%010d 00000 n \n" % offsets[number])
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 6 0 R /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, file_id.hex().encode(), file_id.hex().encode(), xref)
    )
    return out.getvalue()


def make_encrypted_pdf(folder: Path) -> Path:
    """A PDF that needs the user password « secret » to be opened."""
    path = folder / "protégé.pdf"
    path.write_bytes(encrypted_pdf_bytes("secret", "propriétaire"))
    return path


# --- office archives -------------------------------------------------------------------

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)


def make_docx_zip_bomb(folder: Path, declared_mb: int = 300) -> Path:
    """A DOCX whose word/document.xml inflates to `declared_mb` MB of zeros (about 300 kB on disk).

    The zeros are streamed into the archive, so building it never holds them in memory.
    """
    path = folder / "bombe.docx"
    chunk = bytes(1 << 20)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(declared_mb):
                member.write(chunk)
    return path


_PACKAGE_RELATIONSHIPS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="word/document.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    "</Relationships>"
)


def make_docx_lying_sizes(folder: Path, real_mb: int = 100, declared: int = 1000) -> Path:
    """A DOCX whose headers declare word/document.xml as `declared` bytes (with a matching CRC)
    while it inflates to `real_mb` MB: only inflating it, in bounded steps, shows the lie."""
    path = folder / "menteur.docx"
    name = "word/document.xml"
    chunk = bytes(1 << 20)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _PACKAGE_RELATIONSHIPS)
        with archive.open(name, "w") as member:
            for _ in range(real_mb):
                member.write(chunk)
    _declare_size(path, name, declared)
    return path


def _declare_size(path: Path, name: str, declared: int) -> None:
    """Rewrite the headers of member `name` to declare `declared` bytes of zeros (size and CRC)."""
    data = bytearray(path.read_bytes())
    crc = zlib.crc32(bytes(declared))
    # (signature, offset of CRC, offset of uncompressed size, offset of name length, header length)
    for signature, crc_at, size_at, name_length_at, header in (
        (b"PK\x01\x02", 16, 24, 28, 46),
        (b"PK\x03\x04", 14, 22, 26, 30),
    ):
        start = data.find(signature)
        while start >= 0:
            length = struct.unpack_from("<H", data, start + name_length_at)[0]
            if data[start + header : start + header + length] == name.encode():
                struct.pack_into("<I", data, start + crc_at, crc)
                struct.pack_into("<I", data, start + size_at, declared)
            start = data.find(signature, start + 4)
    path.write_bytes(data)


# --- ZIP archives walked like folders --------------------------------------------------


def _write_zip(path: Path, members: dict) -> Path:
    """`members` maps a name (or a ready `ZipInfo`) to its bytes."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for info, data in members.items():
            archive.writestr(info, data)
    return path


def _plan(title: str = "Plan") -> bytes:
    return f"# {title}\n\n{FRENCH_TEXT}\n".encode()


def make_escaping_zip(folder: Path) -> Path:
    """Members whose names climb out of the archive (zip slip), an absolute name, a Windows
    name that climbs, a symbolic link, and one good document."""
    link = zipfile.ZipInfo("lien.md")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    return _write_zip(
        folder / "évasion.zip",
        {
            "../../évadé.md": _plan("Évadé"),
            "/tmp/absolu.md": _plan("Absolu"),
            "..\\..\\windows.md": _plan("Windows"),
            link: b"/etc/passwd",
            "dossier/bon.md": _plan(),
        },
    )


def make_encrypted_member_zip(folder: Path) -> Path:
    """A member flagged as encrypted (the traditional PKWARE flag), beside a plain one.

    `zipfile` cannot encrypt, and clears the flag when writing: it is set in the headers after.
    """
    path = _write_zip(folder / "chiffrée.zip", {"secret.md": _plan("Secret"), "public.md": _plan()})
    data = bytearray(path.read_bytes())
    for signature, flags_at, name_length_at, header in ((b"PK\x01\x02", 8, 28, 46), (b"PK\x03\x04", 6, 26, 30)):
        start = data.find(signature)
        while start >= 0:
            length = struct.unpack_from("<H", data, start + name_length_at)[0]
            if data[start + header : start + header + length] == b"secret.md":
                data[start + flags_at] |= 0x1
            start = data.find(signature, start + 4)
    path.write_bytes(data)
    return path


def make_ratio_bomb_zip(folder: Path, megabytes: int = 20) -> Path:
    """A text file of `megabytes` MB of zeros (under --max-size), compressed about a thousand times."""
    path = folder / "compressée.zip"
    with (
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open("rapport.txt", "w") as member,
    ):
        for _ in range(megabytes):
            member.write(bytes(1 << 20))
    return path


def make_lying_zip(folder: Path, real_mb: int = 100, declared: int = 1000) -> Path:
    """A member declaring 1 000 bytes that inflates to `real_mb` MB."""
    path = folder / "menteuse.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open("rapport.txt", "w") as member:
            for _ in range(real_mb):
                member.write(bytes(1 << 20))
        archive.writestr("plan.md", _plan())
    _declare_size(path, "rapport.txt", declared)
    return path


def make_crowded_zip(folder: Path, count: int = 30) -> Path:
    return _write_zip(folder / "nombreux.zip", {f"plan-{i:02d}.md": _plan(f"Plan {i}") for i in range(count)})


def make_nested_zip(folder: Path, depth: int = 4) -> Path:
    """Archives nested `depth` deep (poupées.zip!niveau-2.zip!…), a plan at the bottom."""
    data = zipfile_bytes({"plan.md": _plan("Au fond")})
    for level in range(depth, 2, -1):
        data = zipfile_bytes({f"niveau-{level}.zip": data})
    return _write_zip(folder / "poupées.zip", {"niveau-2.zip": data})


def zipfile_bytes(members: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def make_corrupt_zip(folder: Path) -> Path:
    path = folder / "abîmée.zip"
    path.write_bytes(b"PK\x03\x04" + _rng("zip").randbytes(4_000))
    return path


def make_empty_zip(folder: Path) -> Path:
    return _write_zip(folder / "vide.zip", {"__MACOSX/._vide": b"\x00", ".DS_Store": b"\x00"})


# --- HTML and text ---------------------------------------------------------------------


def make_deep_html(folder: Path, depth: int = 100_000) -> Path:
    """French text at the bottom of `depth` nested <div> elements."""
    path = folder / "profond.html"
    path.write_text(
        "<!doctype html><html><body>" + "<div>" * depth + f"<p>{FRENCH_TEXT}</p>" + "</div>" * depth + "</body></html>",
        encoding="utf-8",
    )
    return path


def make_huge_single_line(folder: Path, megabytes: int = 40) -> Path:
    """`megabytes` MB of French words and no line break at all (below the default 50 MB limit)."""
    path = folder / "une-seule-ligne.txt"
    sentence = (FRENCH_TEXT + " ").encode("utf-8")
    block = sentence * (1_000_000 // len(sentence) + 1)
    with path.open("wb") as handle:
        for _ in range(megabytes):
            handle.write(block[:1_000_000].rsplit(b" ", 1)[0] + b" ")
    return path


def make_big_text(folder: Path, paragraphs: int = 2000) -> Path:
    """A long but ordinary French text (about 1 MB, truncated at the default --max-chars), several
    seconds to score: slow enough for --timeout tests."""
    path = folder / "long.txt"
    path.write_text("\n\n".join(f"{FRENCH_TEXT} (Paragraphe {i}.)" for i in range(paragraphs)), encoding="utf-8")
    return path


def make_latin1_text(folder: Path) -> Path:
    path = folder / "latin1.txt"
    path.write_bytes(("Stratégie numérique — été 2025\n\n" + FRENCH_TEXT).replace("—", "-").encode("latin-1"))
    return path


def make_utf16_text(folder: Path) -> Path:
    """UTF-16 with a byte-order mark, as Windows Notepad writes it."""
    path = folder / "utf16.txt"
    path.write_bytes(("Stratégie numérique — été 2025\n\n" + FRENCH_TEXT).encode("utf-16"))
    return path


def make_utf16_no_bom_text(folder: Path) -> Path:
    """UTF-16 little-endian without a byte-order mark."""
    path = folder / "utf16-sans-bom.txt"
    path.write_bytes(("Stratégie numérique — été 2025\n\n" + FRENCH_TEXT).encode("utf-16-le"))
    return path


def make_english_text(folder: Path) -> Path:
    path = folder / "english.txt"
    path.write_text("Digital strategy 2025\n\n" + ENGLISH_TEXT, encoding="utf-8")
    return path


def make_accented_name(folder: Path) -> Path:
    """A readable document whose name has spaces and accents."""
    path = folder / "Plan stratégique — été 2025 (version révisée).md"
    path.write_text("# Plan stratégique\n\n" + FRENCH_TEXT + "\n", encoding="utf-8")
    return path


def make_accented_name_corrupt(folder: Path) -> Path:
    """An unreadable document whose name has spaces and accents."""
    path = folder / "Données très abîmées n°2.pdf"
    path.write_bytes(b"%PDF-1.4\n" + _rng("accents").randbytes(4_000))
    return path


# --- a hostile folder ------------------------------------------------------------------


def make_hostile_folder(folder: Path) -> Path:
    """A folder with a directory symlink loop, a file symlink loop, a dangling symlink and a FIFO.

    Unreadable-by-permission entries (chmod 000) are made too, but the tests run as root,
    for whom permissions do not apply; the dangling symlink, the self-referencing symlink
    and the FIFO are the entries that cannot be read even by root.
    """
    root = folder / "dossier hostile"
    sub = root / "sous-dossier"
    sub.mkdir(parents=True)
    (root / "bon.md").write_text("# Plan\n\n" + FRENCH_TEXT + "\n", encoding="utf-8")
    (sub / "boucle").symlink_to("..", target_is_directory=True)  # sous-dossier/boucle → dossier hostile
    (root / "boucle.md").symlink_to("boucle.md")  # a symlink to itself: ELOOP
    (root / "manquant.md").symlink_to("nulle-part.md")  # dangling
    os.mkfifo(root / "tube.txt")  # opening it for reading would block forever
    locked = root / "verrouillé.txt"
    locked.write_text(FRENCH_TEXT, encoding="utf-8")
    locked.chmod(0)
    return root


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def unlock(root: Path) -> None:
    """Give back permissions removed by `make_hostile_folder`, so the folder can be deleted."""
    for path in root.rglob("*"):
        if not path.is_symlink() and path.is_file():
            path.chmod(stat.S_IRUSR | stat.S_IWUSR)


# --- a large batch ---------------------------------------------------------------------


def make_batch(folder: Path, count: int = 200, corrupt_index: int = 137) -> list[Path]:
    """`count` tiny documents with distinct content, one of them (at `corrupt_index`) a corrupt PDF."""
    folder.mkdir(parents=True, exist_ok=True)
    base = (
        "# Campagne adhésions\n\n"
        "- relance mail personnalisée aux anciens adhérents le 1er juillet\n"
        "- vidéo « trois raisons d'adhérer » sur Instagram et TikTok\n"
        "- stand adhésion au festival, affichage dans les lycées\n"
    )
    paths = []
    for i in range(count):
        if i == corrupt_index:
            path = folder / f"doc-{i:03d}.pdf"
            path.write_bytes(b"%PDF-1.5\n" + _rng(f"batch-{i}").randbytes(2_000))
        else:
            path = folder / f"doc-{i:03d}.md"
            path.write_text(base + f"\nObjectif numéro {i} : {i * 7 + 100} cartes vendues au 31 décembre.\n")
        paths.append(path)
    return paths
