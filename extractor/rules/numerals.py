"""Chinese numeral helpers shared by the date and target rules.

Pure functions, no state. Two kinds of Chinese numerals occur in policy text:

* digit-by-digit years: 二〇一五 / 二○一五 / 二零一五 / 二O一五 / 二0一五 -> 2015
  (:func:`digit_string_to_int`);
* positional numbers: 三十一, 两万, 三千五百, 一百零五, 七点五 -> 31, 20000, 3500, 105, 7.5
  (:func:`cn_number_to_float`), and their mix with Arabic digits (2万 -> 20000).

Full-width digits and the look-alike zeros (〇 ○ 零 O Ｏ o 0) are accepted everywhere.
"""

from __future__ import annotations

import re

__all__ = [
    "CN_DIGITS",
    "ZERO_CHARS",
    "cn_number_to_float",
    "digit_string_to_int",
    "fold_digits",
    "parse_number",
    "year_pattern",
]

#: Characters read as zero in a digit-by-digit year (二〇一五, 二○一五, 二零一五, 二O一五, 二0一五).
ZERO_CHARS = "〇○零OＯo0０"

CN_DIGITS: dict[str, int] = {
    **dict.fromkeys(ZERO_CHARS, 0),
    "一": 1,
    "壹": 1,
    "二": 2,
    "两": 2,
    "贰": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
    **{str(i): i for i in range(10)},
    **{chr(0xFF10 + i): i for i in range(10)},
}

_SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}

# One-to-one character folding (same length, so offsets are preserved): full-width digits and the
# full-width separators used in numeric dates become ASCII.
_FOLD = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "Ｏ": "O",
        "．": ".",
        "－": "-",
        "／": "/",
    }
)


def year_pattern(not_before: str = "", *, chinese: bool = True) -> str:
    """A regex for a year, 1900–2099 in Arabic digits (and 一/二 plus three Chinese digits when ``chinese``),
    not preceded by a character of the class body ``not_before``.

    It opens with a plain character class, so a regex that starts with it lets the engine skip quickly to
    the candidates (a leading look-behind or optional group makes it try every position in turn).
    """
    first = "[12一二]" if chinese else "[12]"
    guard = rf"(?<![{not_before}]{first})" if not_before else ""
    cn = "|(?<=[一二])[〇○零Oo0一二三四五六七八九]{3}" if chinese else ""
    return rf"{first}{guard}(?:(?<=1)9[0-9]{{2}}|(?<=2)0[0-9]{{2}}{cn})"


_TO_FOLD = re.compile("[０-９Ｏ．－／]")


def fold_digits(text: str) -> str:
    """Full-width digits and ．－／ to ASCII, character for character (``len`` is unchanged)."""
    # str.translate walks a dict per character; normalised text rarely holds any of these (NFKC folds them)
    return text.translate(_FOLD) if _TO_FOLD.search(text) else text


def digit_string_to_int(s: str) -> int | None:
    """A digit-by-digit numeral (二〇一五, 2015, 二O一五) as an int; None if any character is not a digit."""
    if not s:
        return None
    value = 0
    for ch in s:
        d = CN_DIGITS.get(ch)
        if d is None:
            return None
        value = value * 10 + d
    return value


def _section_value(s: str) -> int | None:
    """A number below 10,000 written positionally (三千五百, 一百零五, 十二, 二十)."""
    total = 0
    pending: int | None = None
    for ch in s:
        if ch in _SMALL_UNITS:
            unit = _SMALL_UNITS[ch]
            total += (1 if pending is None else pending) * unit
            pending = None
        else:
            d = CN_DIGITS.get(ch)
            if d is None:
                return None
            if d == 0:
                pending = None if pending is None else pending
                continue
            if pending is not None:  # two digits in a row (一二): not positional
                return None
            pending = d
    if pending is not None:
        total += pending
    return total


def cn_number_to_float(s: str) -> float | None:
    """A Chinese (or mixed Arabic/Chinese) number as a float: 三十一 -> 31, 两万 -> 20000,
    2万 -> 20000, 一百零五 -> 105, 七点五 -> 7.5, 百分之九十 is *not* handled here (see the caller).

    Returns None when ``s`` is not a well-formed number.
    """
    if not s:
        return None
    if "点" in s:
        whole, _, frac = s.partition("点")
        w = cn_number_to_float(whole) if whole else 0.0
        if w is None or not frac:
            return None
        digits = [CN_DIGITS.get(ch) for ch in frac]
        if any(d is None for d in digits):
            return None
        return w + float("0." + "".join(str(d) for d in digits))
    for big, factor in (("亿", 100_000_000), ("万", 10_000)):
        if big in s:
            head, _, rest = s.partition(big)
            head_value = cn_number_to_float(head) if head else 1.0
            rest_value = cn_number_to_float(rest) if rest else 0.0
            if head_value is None or rest_value is None:
                return None
            return head_value * factor + rest_value
    return _plain_section(s)


def _plain_section(s: str) -> float | None:
    """A section without 万/亿: Arabic (2, 2.5, 1,000) or Chinese (三千五百)."""
    ascii_ = s.replace(",", "")
    if ascii_.replace(".", "", 1).isdigit() and ascii_.isascii():
        return float(ascii_)
    v = _section_value(s)
    return float(v) if v is not None else None


def parse_number(s: str) -> float | None:
    """Arabic (1,000 / 2.5) or Chinese (三十 / 两万 / 七点五) number, or None."""
    s = fold_digits(s).strip()
    if not s:
        return None
    plain = s.replace(",", "")
    if plain.isascii():
        try:
            return float(plain)
        except ValueError:
            return None
    return cn_number_to_float(s)
