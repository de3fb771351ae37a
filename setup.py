"""Build hook for the one compiled part: the fast PDF path's inner loop (extractor/readers/_pdfium_lines.c).

Everything else is in pyproject.toml. The extension is optional: without a C compiler the install goes on
and the fast path runs its pure-Python twin (extractor/readers/fast.py), with the same output, slower."""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "extractor.readers._pdfium_lines",
            sources=["extractor/readers/_pdfium_lines.c"],
            extra_compile_args=["-O2"],
            optional=True,
        )
    ]
)
