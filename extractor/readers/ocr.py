"""OCR for image-only pages: tesseract with the chi_sim language, when it is installed.

Pages are rendered with pypdfium2 at 300 dpi and read by the ``tesseract`` command (Debian:
``apt-get install tesseract-ocr tesseract-ocr-chi-sim``). tesseract puts spaces between Han characters;
the normaliser removes them. A record read this way carries an ``ocr`` warning naming the pages.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from functools import lru_cache

from ..normalize import RawLine

INSTALL_HINT = "install tesseract with Chinese: apt-get install tesseract-ocr tesseract-ocr-chi-sim"


@lru_cache(maxsize=1)
def ocr_available() -> bool:
    """True when the tesseract command exists and knows the chi_sim language."""
    exe = shutil.which("tesseract")
    if not exe:
        return False
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return False
    return "chi_sim" in (out.stdout + out.stderr).split()


def ocr_pdf_pages(
    data: bytes, page_indexes: list[int], *, dpi: int = 300, timeout: float = 120.0
) -> dict[int, list[RawLine]]:
    """OCR the given 0-based pages of a PDF; returns their lines by page index."""
    import pypdfium2 as pdfium

    exe = shutil.which("tesseract")
    if exe is None:
        raise RuntimeError(INSTALL_HINT)
    pdf = pdfium.PdfDocument(data)
    out: dict[int, list[RawLine]] = {}
    try:
        with tempfile.TemporaryDirectory(prefix="policy-ocr-") as tmp:
            for i in page_indexes:
                page = pdf[i]
                image = page.render(scale=dpi / 72, grayscale=True).to_pil()
                png = os.path.join(tmp, f"p{i}.png")
                image.save(png)
                res = subprocess.run(
                    [exe, png, "stdout", "-l", "chi_sim", "--psm", "6", "-c", "preserve_interword_spaces=1"],
                    capture_output=True,
                    text=True,
                    timeout=timeout,
                )
                lines = [ln.strip() for ln in res.stdout.splitlines()]
                out[i] = [RawLine(t, page=i + 1) for t in lines if t]
    finally:
        pdf.close()
    return out
