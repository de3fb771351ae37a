"""Finding a CJK font for matplotlib, so that Chinese labels do not come out as tofu boxes.

The fonts .ci/run installs (Debian ``fonts-wqy-zenhei``, ``fonts-arphic-uming``) come first, then the usual
CJK fonts of other systems. matplotlib's font cache may predate a font installed later, so the known font
files are also looked up on disk and added. When none is found the report still renders, with a warning.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

__all__ = ["CJK_FAMILIES", "CJK_FILES", "find_cjk_font"]

log = logging.getLogger(__name__)

# Family names, in order of preference.
CJK_FAMILIES: tuple[str, ...] = (
    "WenQuanYi Zen Hei",  # fonts-wqy-zenhei (.ci/run installs it)
    "AR PL UMing CN",  # fonts-arphic-uming (.ci/run installs it)
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Droid Sans Fallback",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Heiti SC",
)

# Where the Debian packages put their files (added to matplotlib when its cache does not list them).
CJK_FILES: tuple[str, ...] = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
)

_INSTALL_HINT = "install one (Debian: apt-get install fonts-wqy-zenhei)"


@lru_cache(maxsize=1)
def find_cjk_font() -> str | None:
    """The family name of an installed CJK font matplotlib can use, or None (with a warning logged once:
    Chinese labels will then show as boxes)."""
    from matplotlib import font_manager

    def known() -> set[str]:
        return {f.name for f in font_manager.fontManager.ttflist}

    names = known()
    for fam in CJK_FAMILIES:
        if fam in names:
            return fam
    for path in CJK_FILES:
        if Path(path).is_file():
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError) as e:  # pragma: no cover - a broken font file
                log.debug("cannot add font %s: %s", path, e)
    names = known()
    for fam in CJK_FAMILIES:
        if fam in names:
            return fam
    log.warning(
        "no CJK font found for the report's charts; Chinese labels will show as boxes: %s", _INSTALL_HINT
    )
    return None
