"""policy-extractor: Chinese government policy documents in, structured and classified records out.

    >>> from extractor import Pipeline
    >>> pipe = Pipeline.load()                 # the model shipped in models/
    >>> rec = pipe.process_file("notice.pdf")  # a PolicyResult; rec.to_dict() is the JSON record

Nothing happens at import: the model and jieba's dictionary load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["ExtractionError", "Pipeline", "PolicyResult", "ReadOptions", "__version__"]

if TYPE_CHECKING:
    from .errors import ExtractionError
    from .pipeline import Pipeline
    from .readers import ReadOptions
    from .result import PolicyResult


def __getattr__(name: str) -> Any:
    if name == "Pipeline":
        from .pipeline import Pipeline

        return Pipeline
    if name == "PolicyResult":
        from .result import PolicyResult

        return PolicyResult
    if name == "ExtractionError":
        from .errors import ExtractionError

        return ExtractionError
    if name == "ReadOptions":
        from .readers import ReadOptions

        return ReadOptions
    raise AttributeError(f"module 'extractor' has no attribute {name!r}")
