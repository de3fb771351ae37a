"""The ``policy-extract`` command. Each subcommand parses its options and calls a library function;
data goes to stdout or ``-o``, progress and logs to stderr.

Exit codes: 0 all inputs succeeded, 1 some inputs failed (their records carry ``error``), 2 usage errors.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import IO

import click

from . import __version__


def _open_out(path: str | None, *, newline: str | None = None) -> IO[str]:
    if path is None or path == "-":
        return sys.stdout
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return open(path, "w", encoding="utf-8", newline=newline)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="policy-extract")
@click.option("-v", "--verbose", count=True, help="More log output on stderr (-vv for debug).")
def main(verbose: int) -> None:
    """Read Chinese government policy documents and write one classified, extracted record per document."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "output", default=None, help="Output file (default: stdout).")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option("--workers", type=int, default=None, help="Worker processes (default: the machine's cores).")
@click.option("--model", "model_dir", type=click.Path(path_type=Path), default=None, help="Model directory.")
@click.option("--include-text", is_flag=True, help="Put the normalised text in each JSON record.")
@click.option(
    "--max-pages", type=int, default=2000, show_default=True, help="Refuse longer PDFs (too_large)."
)
@click.option(
    "--timeout",
    type=float,
    default=120.0,
    show_default=True,
    help="Seconds per document; a worker over it is stopped and the record says timeout (0: no limit).",
)
@click.option(
    "--resume",
    is_flag=True,
    help="Keep the records already in -o, repair a torn last line, and do only the inputs not yet there "
    "(matched by content sha256).",
)
@click.option(
    "--reader",
    type=click.Choice(["auto", "pdfplumber", "pypdfium2"]),
    default="auto",
    show_default=True,
    help="PDF text path: auto = PDFium's characters with pdfplumber's line assembly (the same text, much "
    "faster), pdfplumber where it cannot promise that; pdfplumber = pdfplumber only; pypdfium2 = the fast "
    "path wherever it can read the text.",
)
@click.option(
    "--cache",
    "cache_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder keeping what the readers produced, by content hash: a re-run reads nothing read before.",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="local: worker processes on this machine; dask: a dask.distributed cluster (see --scheduler).",
)
@click.option(
    "--scheduler",
    default=None,
    help="With --engine dask: the scheduler's address (tcp://host:8786); default: a local cluster of "
    "--workers processes.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def run(
    paths: tuple[Path, ...],
    output: str | None,
    fmt: str,
    workers: int | None,
    model_dir: Path | None,
    include_text: bool,
    max_pages: int,
    timeout: float,
    resume: bool,
    reader: str,
    cache_dir: Path | None,
    engine: str,
    scheduler: str | None,
    quiet: bool,
) -> None:
    """Process PDF, text and HTML files, and folders of them (recursively)."""
    import tqdm as tqdm_module
    from tqdm import tqdm

    from .errors import ModelError
    from .output import CsvWriter, collect_inputs, remaining_inputs, repair_jsonl, write_jsonl
    from .pipeline import Pipeline, cpu_count
    from .readers import ReadOptions

    if timeout < 0:
        raise click.UsageError("--timeout must be 0 (no limit) or more")
    if max_pages < 1:
        raise click.UsageError("--max-pages must be at least 1")
    if scheduler is not None and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    if resume and (output is None or output == "-" or fmt != "jsonl"):
        raise click.UsageError("--resume needs an output file (-o FILE) in the jsonl format")
    inputs = collect_inputs(paths)
    if not inputs:
        raise click.UsageError("no input files found (looked for .pdf, .txt, .html in the given folders)")
    total = len(inputs)
    log = logging.getLogger("extractor")
    failed_before = 0
    if resume:
        assert output is not None
        state = repair_jsonl(output)
        if state.repaired_bytes:
            log.warning(
                "%s: cut off a torn last line (%d bytes); that document is done again",
                output,
                state.repaired_bytes,
            )
        if state.bad_lines:
            log.warning("%s: %d lines are not records; left in place", output, state.bad_lines)
        inputs = remaining_inputs(inputs, state)
        failed_before = _count_failed(output)
        if not quiet:
            click.echo(f"resuming: {total - len(inputs)} of {total} documents already in {output}", err=True)
    n_workers = workers if workers is not None else min(cpu_count(), max(1, len(inputs)))
    if n_workers < 1:
        raise click.UsageError("--workers must be at least 1")
    pipe = Pipeline.load(
        model_dir, read_options=ReadOptions(max_pages=max_pages, reader=reader), cache_dir=cache_dir
    )
    try:
        pipe.classifier  # noqa: B018 - fail early, with a clear message, on a bad model directory
    except ModelError as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(2)
    failed = 0
    if resume:
        fh: IO[str] = open(output, "a", encoding="utf-8")  # type: ignore[arg-type]
    else:
        fh = _open_out(output, newline="" if fmt == "csv" else None)
    tqdm_module.tqdm.monitor_interval = 0  # no monitor thread: workers are forked from this process
    try:
        csv_writer = CsvWriter(fh) if fmt == "csv" else None
        bar = tqdm(total=len(inputs), unit="doc", file=sys.stderr, disable=quiet, dynamic_ncols=True)
        records = pipe.process_many(
            inputs, workers=n_workers, timeout=timeout or None, engine=engine, scheduler=scheduler
        )
        for rec in records:
            if rec.error is not None:
                failed += 1
                log.warning("%s: %s: %s", rec.source, rec.error.type, rec.error.message)
            if csv_writer is not None:
                csv_writer.write(rec)
            else:
                write_jsonl(rec, fh, include_text=include_text)
            bar.update(1)
        bar.close()
    finally:
        if fh is not sys.stdout:
            fh.close()
    failed += failed_before
    if not quiet:
        click.echo(f"{total - failed} of {total} documents processed, {failed} failed", err=True)
    sys.exit(1 if failed else 0)


def _count_failed(path: str) -> int:
    """Records with an error already in a JSONL file (for the exit code of a resumed run)."""
    n = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            try:
                n += json.loads(line).get("error") is not None
            except (ValueError, AttributeError):
                continue
    return n


@main.command()
@click.option("--model", "model_dir", type=click.Path(path_type=Path), default=None, help="Model directory.")
@click.option("--json", "as_json", is_flag=True, help="Print model.json instead of the model card.")
def info(model_dir: Path | None, as_json: bool) -> None:
    """Print the model's card: labels, versions, metrics, corpus."""
    from .classify import default_model_dir
    from .errors import ModelError

    try:
        path = model_dir or default_model_dir()
        meta = json.loads((path / "model.json").read_text(encoding="utf-8"))
    except (ModelError, OSError, ValueError) as e:
        click.echo(f"error: cannot read the model: {e}", err=True)
        sys.exit(2)
    if as_json:
        click.echo(json.dumps(meta, ensure_ascii=False, indent=2))
        return
    card = path / "MODEL_CARD.md"
    click.echo(
        card.read_text(encoding="utf-8") if card.exists() else json.dumps(meta, ensure_ascii=False, indent=2)
    )


@main.command()
@click.argument("corpus", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--out", "out_dir", type=click.Path(path_type=Path), default=None, help="Model directory to write."
)
@click.option("--config", "config_file", type=click.Path(exists=True, path_type=Path), default=None)
@click.option("--format", "fmt", type=click.Choice(["joblib", "skops"]), default="joblib", show_default=True)
@click.option("--labels", "labels", type=click.Path(exists=True, path_type=Path), default=None,
              help="Labels file (JSONL or CSV); default: CORPUS/labels/*.jsonl or CORPUS/labels.{jsonl,csv}.")  # fmt: skip
def train(
    corpus: Path, out_dir: Path | None, config_file: Path | None, fmt: str, labels: Path | None
) -> None:
    """Train the stage and medical_cloud models on a labelled corpus and write a model directory."""
    from training.train import TrainConfig, train_model

    config = TrainConfig.from_file(config_file) if config_file else TrainConfig()
    result = train_model(corpus, out_dir=out_dir, config=config, fmt=fmt, labels_path=labels)
    click.echo(json.dumps(result, ensure_ascii=False, indent=2))


@main.command()
@click.argument("corpus", type=click.Path(exists=True, path_type=Path))
@click.option("--model", "model_dir", type=click.Path(path_type=Path), default=None, help="Model directory.")
@click.option("--output", "output_dir", type=click.Path(path_type=Path), default=None,
              help="Folder for metrics.json and confusion-matrix PNGs.")  # fmt: skip
@click.option("--split", type=click.Choice(["test", "all", "train"]), default="test", show_default=True)
@click.option("--labels", "labels", type=click.Path(exists=True, path_type=Path), default=None)
@click.option("--pdf", "use_pdf", is_flag=True, help="Evaluate on the PDF renderings instead of the text.")
def evaluate(
    corpus: Path,
    model_dir: Path | None,
    output_dir: Path | None,
    split: str,
    labels: Path | None,
    use_pdf: bool,
) -> None:
    """Score the model and the rules against a labelled corpus (or a gold set)."""
    from evaluation.evaluate import evaluate_corpus

    metrics = evaluate_corpus(
        corpus, model_dir=model_dir, output_dir=output_dir, split=split, labels_path=labels, use_pdf=use_pdf
    )
    click.echo(json.dumps(metrics, ensure_ascii=False, indent=2))


from .report.commands import export as _export  # noqa: E402
from .report.commands import report as _report  # noqa: E402

main.add_command(_report)
main.add_command(_export)

if __name__ == "__main__":  # pragma: no cover
    main()
