"""Word segmentation: jieba with the policy-domain user dictionary, as a picklable tokenizer.

``JiebaTokenizer`` is what the scikit-learn model stores: its pickled state is only its configuration
(the dictionary's *contents*, HMM on or off), never jieba's Tokenizer (which holds a lock and cannot be
pickled). The jieba Tokenizer behind it is built once per process and per dictionary, lazily, on first use.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from importlib.resources import files
from typing import Any

__all__ = ["JiebaTokenizer", "default_userdict", "load_userdict_terms"]

log = logging.getLogger(__name__)

_KEEP = re.compile(r"[\u4e00-\u9fffA-Za-z]")
_YEAR = re.compile(r"^(19|20)\d{2}$")
_LOCK = threading.Lock()
_TOKENIZERS: dict[tuple[str, bool], Any] = {}
_RECENT: dict[tuple[str, bool, bool, str], tuple[str, ...]] = {}
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


def _build(userdict: str, hmm: bool) -> Any:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    for term in load_userdict_terms(userdict):
        tok.add_word(term, freq=None)
        # Make sure the user's term wins over the general dictionary's frequencies.
        tok.suggest_freq(term, tune=True)
    return tok


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

    def cut(self, text: str) -> list[str]:
        """All tokens, punctuation included (for inspection)."""
        return list(self._tokenizer().cut(text, HMM=self.hmm))

    def __call__(self, text: str) -> list[str]:
        # The stage and medical_cloud models tokenise the same text one after the other: remember the
        # last few results (per configuration) so jieba runs once per document.
        key = (self.dict_sha256, self.hmm, self.keep_years, text)
        hit = _RECENT.get(key)
        if hit is not None:
            return list(hit)
        out = []
        for w in self._tokenizer().cut(text, HMM=self.hmm):
            if _KEEP.search(w):
                out.append(w)
            elif self.keep_years and _YEAR.match(w):
                out.append(w)
        with _LOCK:
            _RECENT[key] = tuple(out)
            while len(_RECENT) > _RECENT_SIZE:
                _RECENT.pop(next(iter(_RECENT)))
        return out

    def __getstate__(self) -> dict[str, Any]:
        return {"userdict": self.userdict, "hmm": self.hmm, "keep_years": self.keep_years}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.userdict = state["userdict"]
        self.hmm = state["hmm"]
        self.keep_years = state.get("keep_years", True)

    def __repr__(self) -> str:
        return f"JiebaTokenizer(hmm={self.hmm}, terms={len(load_userdict_terms(self.userdict))})"
