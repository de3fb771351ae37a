"""Word segmentation: jieba with the policy-domain user dictionary, as a picklable tokenizer.

``JiebaTokenizer`` is what the scikit-learn model stores: its pickled state is only its configuration
(the dictionary's *contents*, HMM on or off), never jieba's Tokenizer (which holds a lock and cannot be
pickled). The jieba Tokenizer behind it is built once per process and per dictionary, lazily, on first use.

Two engines give the same tokens. jieba (pure Python) is the reference. rjieba (jieba-rs, in Rust) is
about 17x faster and starts in a quarter of the time; it is used for the shipped dictionary without HMM
(the shipped model's setting) when ``extractor/data/userdict_engine.json`` describes that dictionary: the
frequency jieba gives each user term (replayed into rjieba in jieba's order) and jieba's dictionary total
(matched with one filler entry no text can contain, since the total weighs every route). At start the
rjieba tokenizer must reproduce the tokens jieba gave on the file's check sentences, or jieba is used;
``POLICY_SEGMENTER=jieba`` forces jieba. ``python -m extractor.segment`` rewrites the file after a change
to the dictionary; tests/test_segment.py checks both engines agree on every corpus document.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import threading
from collections import Counter
from importlib.resources import files
from typing import Any

__all__ = ["JiebaTokenizer", "default_userdict", "engine_table", "load_userdict_terms"]

log = logging.getLogger(__name__)

_KEEP = re.compile(r"[\u4e00-\u9fffA-Za-z]")
_YEAR = re.compile(r"^(19|20)\d{2}$")
_LOCK = threading.Lock()
_TOKENIZERS: dict[tuple[str, Any], Any] = {}
_RECENT: dict[tuple[str, bool, bool, str], tuple[str, ...]] = {}
_KEEP_MEMO: dict[bool, dict[str, bool]] = {True: {}, False: {}}
_KEEP_MEMO_SIZE = 200_000
_RECENT_SIZE = 8


def default_userdict() -> str:
    """The shipped policy-domain dictionary (extractor/data/userdict.txt), one term per line."""
    return files("extractor").joinpath("data/userdict.txt").read_text(encoding="utf-8")


def load_userdict_terms(text: str) -> list[str]:
    """Terms of a jieba user dictionary (``word [freq] [tag]`` lines); BOM, CRLF and comments tolerated."""
    terms = []
    for line in text.lstrip("\ufeff").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            terms.append(line.split()[0])
    return terms


def _build_jieba(userdict: str, *, record: list[tuple[str, int]] | None = None) -> Any:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    if record is not None:  # remember every (word, frequency) jieba sets, in order (for the rjieba table)
        add = tok.add_word

        def recording_add(word: str, freq: Any = None, tag: Any = None) -> None:
            add(word, freq, tag)
            record.append((word, int(tok.FREQ[word])))

        tok.add_word = recording_add
    for term in load_userdict_terms(userdict):
        tok.add_word(term, freq=None)
        # Make sure the user's term wins over the general dictionary's frequencies.
        tok.suggest_freq(term, tune=True)
    return tok


class _JiebaEngine:
    name = "jieba"

    def __init__(self, userdict: str, hmm: bool) -> None:
        self.tokenizer = _build_jieba(userdict)
        self._hmm = hmm

    def cut(self, text: str) -> list[str]:
        return list(self.tokenizer.cut(text, HMM=self._hmm))


_FILLER = "\ue000\ue001"  # private-use characters: never inside a block jieba looks up in its dictionary
_ENGINE_TABLE = "data/userdict_engine.json"


def engine_table() -> dict[str, Any] | None:
    """The shipped rjieba table (extractor/data/userdict_engine.json), or None when absent."""
    path = files("extractor").joinpath(_ENGINE_TABLE)
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except (FileNotFoundError, ValueError):
        return None


class _RjiebaEngine:
    name = "rjieba"

    def __init__(self, table: dict[str, Any]) -> None:
        import rjieba

        self._tok = rjieba.Jieba()
        for word, freq in table["adds"]:
            self._tok.add_word(word, int(freq), None)
        if table["filler"] > 0:
            self._tok.add_word(_FILLER, int(table["filler"]), None)

    def cut(self, text: str) -> list[str]:
        return list(self._tok.cut(text, False))


def _build(userdict: str, hmm: bool) -> Any:
    """The fastest engine that gives jieba's tokens for this configuration."""
    if not hmm and os.environ.get("POLICY_SEGMENTER", "auto") != "jieba":
        table = engine_table()
        if table and table.get("userdict_sha256") == hashlib.sha256(userdict.encode("utf-8")).hexdigest():
            try:
                engine = _RjiebaEngine(table)
                if all(engine.cut(c["text"]) == c["tokens"] for c in table["check"]):
                    return engine
                log.warning("rjieba does not reproduce jieba's tokens here; using jieba")
            except ImportError:
                log.debug("rjieba is not installed; using jieba")
    return _JiebaEngine(userdict, hmm)


def write_engine_table(userdict: str, check_texts: list[str]) -> dict[str, Any]:
    """The rjieba table for ``userdict``: jieba's (word, frequency) settings in order, the filler frequency
    that makes rjieba's dictionary total equal jieba's, and jieba's tokens for ``check_texts``."""
    import jieba

    record: list[tuple[str, int]] = []
    tok = _build_jieba(userdict, record=record)
    base = jieba.Tokenizer()
    base.initialize()
    final = dict(record)
    # rjieba's add_word replaces a word's frequency in its total; jieba's adds it again each time
    rjieba_total = base.total + sum(f - base.FREQ.get(w, 0) for w, f in final.items())
    return {
        "userdict_sha256": hashlib.sha256(userdict.encode("utf-8")).hexdigest(),
        "jieba_version": jieba.__version__,
        "jieba_total": int(tok.total),
        "filler": int(tok.total - rjieba_total),
        "adds": [[w, f] for w, f in record],
        "check": [{"text": t, "tokens": list(tok.cut(t, HMM=False))} for t in check_texts],
    }


class JiebaTokenizer:
    """Callable ``str -> list[str]``: jieba words, the domain dictionary applied, punctuation dropped.

    Parameters are stored, nothing is built in ``__init__``; equal configurations share one jieba
    Tokenizer per process.
    """

    def __init__(self, *, userdict: str | None = None, hmm: bool = False, keep_years: bool = True) -> None:
        self.userdict = default_userdict() if userdict is None else userdict
        self.hmm = hmm
        self.keep_years = keep_years

    @property
    def dict_sha256(self) -> str:
        sha = self.__dict__.get("_sha")
        if sha is None:
            sha = self.__dict__["_sha"] = hashlib.sha256(self.userdict.encode("utf-8")).hexdigest()
        return sha

    def _tokenizer(self) -> Any:
        key = (self.dict_sha256, self.hmm)
        tok = _TOKENIZERS.get(key)
        if tok is None:
            with _LOCK:
                tok = _TOKENIZERS.get(key)
                if tok is None:
                    log.debug("building jieba tokenizer (%d user terms)", len(self.userdict.splitlines()))
                    tok = _build(self.userdict, self.hmm)
                    _TOKENIZERS[key] = tok
        return tok

    def jieba(self) -> Any:
        """A jieba ``Tokenizer`` with this dictionary (for code that wants jieba's own API, e.g. spaCy)."""
        engine = self._tokenizer()
        if isinstance(engine, _JiebaEngine):
            return engine.tokenizer  # already jieba: no second dictionary build
        key = ("jieba-api", self.dict_sha256)
        tok = _TOKENIZERS.get(key)
        if tok is None:
            with _LOCK:
                tok = _TOKENIZERS.get(key) or _TOKENIZERS.setdefault(key, _build_jieba(self.userdict))
        return tok

    @property
    def engine(self) -> str:
        """The engine segmenting for this configuration in this process: ``rjieba`` or ``jieba``."""
        return str(self._tokenizer().name)

    def cut(self, text: str) -> list[str]:
        """All tokens, punctuation included (for inspection)."""
        return list(self._tokenizer().cut(text))

    def __call__(self, text: str) -> list[str]:
        # The stage and medical_cloud models tokenise the same text one after the other: remember the
        # last few results (per configuration) so jieba runs once per document.
        key = (self.dict_sha256, self.hmm, self.keep_years, text)
        hit = _RECENT.get(key)
        if hit is not None:
            return list(hit)
        # Whether a token is kept depends on the token alone: decide each distinct token once per process
        # (the memo stops growing at _KEEP_MEMO_SIZE tokens; past that, undecided ones are checked each time).
        memo = _KEEP_MEMO[self.keep_years]
        out = []
        for w in self._tokenizer().cut(text):
            k = memo.get(w)
            if k is None:
                k = self._decide(w, memo)
            if k:
                out.append(w)
        with _LOCK:
            _RECENT[key] = tuple(out)
            while len(_RECENT) > _RECENT_SIZE:
                _RECENT.pop(next(iter(_RECENT)))
        return out

    def counts(self, text: str) -> Counter[str]:
        """``Counter(self(text))``, computed the other way round: every token counted (in C), then the
        distinct ones filtered — what a bag-of-words model needs, at a fraction of the cost."""
        memo = _KEEP_MEMO[self.keep_years]
        out = Counter(self._tokenizer().cut(text))
        for w in list(out):
            k = memo.get(w)
            if k is None:
                k = self._decide(w, memo)
            if not k:
                del out[w]
        return out

    def _decide(self, w: str, memo: dict[str, bool]) -> bool:
        """Whether token ``w`` is kept (a word, or a year with ``keep_years``), remembered in ``memo``."""
        k = bool(_KEEP.search(w) or (self.keep_years and _YEAR.match(w)))
        if len(memo) < _KEEP_MEMO_SIZE:
            memo[w] = k
        return k

    def __getstate__(self) -> dict[str, Any]:
        return {"userdict": self.userdict, "hmm": self.hmm, "keep_years": self.keep_years}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.userdict = state["userdict"]
        self.hmm = state["hmm"]
        self.keep_years = state.get("keep_years", True)

    def __repr__(self) -> str:
        return f"JiebaTokenizer(hmm={self.hmm}, terms={len(load_userdict_terms(self.userdict))})"


_CHECK_TEXTS = [
    "到2025年，全省二级以上公立医院全部接入健康医疗云平台，企业职工基本养老保险实现省级统筹。",
    "国务院办公厅关于促进“互联网+医疗健康”发展的意见（国办发〔2018〕26号）",
    "推进非公有制企业职工缴存住房公积金，加快医疗卫生机构上云用数赋智。",
    "工业和信息化部 国家卫生健康委员会 2019年5G+医疗健康应用试点 AI 云计算 big data 3.5%",
]


def main() -> int:
    """Rewrite extractor/data/userdict_engine.json from jieba for the shipped dictionary."""
    table = write_engine_table(default_userdict(), _CHECK_TEXTS)
    path = files("extractor").joinpath(_ENGINE_TABLE)
    with open(str(path), "w", encoding="utf-8") as fh:
        json.dump(table, fh, ensure_ascii=False, indent=0)
        fh.write("\n")
    print(f"{path}: {len(table['adds'])} settings, filler {table['filler']}, jieba {table['jieba_version']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
