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
from typing import Any

from ..normalize import RawLine

# The share of a first page that the red 版头 and rule take (GB/T 9704 puts the 发文机关标志 35 mm from the
# top and the rule under the 文号): kept red for OCR, see _without_red.
_FIRST_PAGE_HEAD = 1 / 3


def _tesseract_env() -> dict[str, str]:
    """One OpenMP thread per tesseract: its threads spin against each other and against the batch's other
    workers (2 cores, 14 pages: the same text in 13 s instead of 68 s; python -m evaluation.bench_ocr).
    A value the user set wins."""
    return {**os.environ, "OMP_THREAD_LIMIT": os.environ.get("OMP_THREAD_LIMIT", "1")}


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


def _without_red(gray: Any, color: Any, *, keep_top: float = 0.0) -> Any:
    """The page in grey (PDFium's grey rendering, as OCR gets it otherwise) with the pixels that are red
    in colour turned white — a seal pressed over the signature and the 成文日期 would otherwise read as
    strokes through them; black text under the seal stays (it is dark in every channel). Red in the top
    ``keep_top`` of the page stays: on a first page that is the red 版头 and rule, which tesseract reads
    the title better with (python -m evaluation.ocr_seal), and where no seal sits."""
    import numpy as np
    from PIL import Image

    rgb = np.asarray(color.convert("RGB"), dtype=np.int16)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    red = (r > 110) & (r - g > 60) & (r - b > 60)
    red[: int(red.shape[0] * keep_top)] = False
    if not red.any():
        return gray
    out = np.array(gray.convert("L"), dtype=np.uint8)
    out[red] = 255
    return Image.fromarray(out, "L")


def ocr_pdf_pages(
    data: bytes, page_indexes: list[int], *, dpi: int = 300, timeout: float = 120.0, remove_red: bool = True
) -> dict[int, list[RawLine]]:
    """OCR the given 0-based pages of a PDF; returns their lines by page index (``remove_red``: red ink
    is whitened first, see :func:`_without_red`)."""
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
                if remove_red:
                    color = page.render(scale=dpi / 72).to_pil()
                    image = _without_red(image, color, keep_top=_FIRST_PAGE_HEAD if i == 0 else 0.0)
                png = os.path.join(tmp, f"p{i}.png")
                image.save(png)
                res = subprocess.run(
                    [exe, png, "stdout", "-l", "chi_sim", "--psm", "6", "-c", "preserve_interword_spaces=1"],
                    capture_output=True,
                    text=True,
                    timeout=timeout,
                    env=_tesseract_env(),
                )
                lines = [ln.strip() for ln in res.stdout.splitlines()]
                out[i] = [RawLine(t, page=i + 1) for t in lines if t]
    finally:
        pdf.close()
    return out
