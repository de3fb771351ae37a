"""The ``report`` and ``export`` commands of ``policy-extract``. They parse their options and call the
library (extractor.report); only click is imported here, the rest inside the commands."""

from __future__ import annotations

import sys
from pathlib import Path

import click

__all__ = ["export", "report"]

_RECORDS = click.Path(exists=True, dir_okay=False, path_type=Path)


@click.command()
@click.argument("records", type=_RECORDS)
@click.option("-o", "--output", default=None,
              help="File to write; '-' for stdout. Default: report.html for html, stdout for json.")  # fmt: skip
@click.option("--format", "fmt", type=click.Choice(["html", "json"]), default="html", show_default=True)
@click.option("--title", default=None, help="The page title (default: 'Policy corpus report: RECORDS').")
@click.option("--top", "top_n", type=click.IntRange(min=1), default=15, show_default=True,
              help="How many issuers to list as top issuers.")  # fmt: skip
def report(records: Path, output: str | None, fmt: str, title: str | None, top_n: int) -> None:
    """Summarise a batch of records (the JSONL `run` wrote) as one self-contained HTML page, or as JSON."""
    import json

    from .records import RecordsError, load_records
    from .summary import summarize

    try:
        recs = load_records(records)
    except (RecordsError, UnicodeDecodeError) as e:
        click.echo(f"error: cannot read the records: {e}", err=True)
        sys.exit(1)
    summary = summarize(recs, top_n=top_n)
    if fmt == "json":
        data = json.dumps(summary, ensure_ascii=False, indent=2) + "\n"
    else:
        from .html import render_html

        data = render_html(recs, title=title or f"Policy corpus report: {records.name}", source_name=str(records),
                           summary=summary)  # fmt: skip
    target = output if output is not None else ("report.html" if fmt == "html" else "-")
    if target == "-":
        click.echo(data, nl=False)
        return
    out = Path(target)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(data, encoding="utf-8")
    click.echo(f"wrote {out} ({summary['documents']} records, {summary['errors']} errors)", err=True)


@click.command()
@click.argument("records", type=_RECORDS)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The .xlsx workbook to write.")  # fmt: skip
def export(records: Path, output: Path) -> None:
    """Write a batch of records to an Excel workbook: sheets documents, targets, issuers."""
    from .records import RecordsError, load_records

    try:
        from .excel import export_xlsx

        recs = load_records(records)
        export_xlsx(recs, output)
    except ImportError as e:
        click.echo(f"error: {e}; the export needs openpyxl: pip install 'policy-extractor[report]'", err=True)
        sys.exit(1)
    except (RecordsError, UnicodeDecodeError) as e:
        click.echo(f"error: cannot read the records: {e}", err=True)
        sys.exit(1)
    click.echo(f"wrote {output} ({len(recs)} records)", err=True)
