"""PDF copies through LibreOffice (``--pdf``), checked: soffice exits 0 even on failure."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from shim.errors import OutputError

INSTALL_HINT = (
    "--pdf needs LibreOffice, which is not installed; install it "
    "(Debian/Ubuntu: apt-get install libreoffice-writer-nogui) or render without --pdf"
)


def find_soffice() -> str:
    """The LibreOffice executable, or a clear error naming the package to install."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise OutputError(INSTALL_HINT)


# A tagged PDF (structure tree, /Lang from the document language, /Title from its core
# properties): Section 508 applies to what a US government office publishes.
TAGGED_PDF = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'

# LibreOffice always says these on a headless machine; they are not about the document.
_BENIGN = ("javaldx", "java may not function")


@dataclass(frozen=True)
class Conversion:
    pdfs: tuple[Path, ...]
    messages: tuple[str, ...]  # what LibreOffice reported, besides its routine lines


def to_pdf(documents: Sequence[Path], timeout: float = 300) -> list[Path]:
    """Convert ``documents`` (one LibreOffice run), each PDF placed beside its .docx."""
    return list(convert(documents, timeout).pdfs)


def convert(documents: Sequence[Path], timeout: float = 300) -> Conversion:
    """Convert and keep what LibreOffice said, so tests can require that it said nothing."""
    if not documents:
        return Conversion((), ())
    soffice = find_soffice()
    with tempfile.TemporaryDirectory(prefix="shim-pdf-") as tmp:
        profile = Path(tmp, "profile").as_uri()  # a private profile: no lock clashes
        outdir = Path(tmp, "pdf")
        cmd = [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            TAGGED_PDF,
            "--outdir",
            str(outdir),
            *map(str, documents),
        ]
        try:
            proc = subprocess.run(
                cmd,
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
                env={**os.environ, "HOME": tmp},
            )
        except subprocess.TimeoutExpired:
            raise OutputError(f"LibreOffice did not finish within {timeout:.0f} s") from None
        written = []
        for doc in documents:
            pdf = outdir / f"{doc.stem}.pdf"
            if not pdf.is_file() or pdf.stat().st_size == 0:
                detail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
                raise OutputError(
                    f"LibreOffice could not convert the document ({detail[0]})", location=None
                ) from None
            target = doc.with_suffix(".pdf")
            shutil.move(str(pdf), str(target))
            written.append(target)
    said = [
        line
        for line in (proc.stderr + proc.stdout).splitlines()
        if line.strip() and not line.startswith("convert ") and not any(b in line for b in _BENIGN)
    ]
    return Conversion(tuple(written), tuple(said))
