"""export-site: the public site as a folder of static files with client-side search."""

from __future__ import annotations

import signal
from pathlib import Path

import click
from rich.console import Console

from sourcebook import runtime

from .main import fail, main
from .progress import progress_bar


@main.command("export-site")
@click.argument("folder", metavar="DIR", type=click.Path(file_okay=True, path_type=Path))
@click.option("--force", is_flag=True, help="Replace what DIR holds, even if it is no edition.")
@click.option(
    "--base-url",
    default="",
    metavar="URL",
    help="Where the edition will be published (https://example.org/edition); used in "
    "citations and sitemap.xml. Default: SOURCEBOOK_BASE_URL.",
)
@click.option("--language", default="", metavar="CODE", help="Interface language (de, ko, …).")
@click.option(
    "--formats",
    default="",
    metavar="LIST",
    help="Export formats to include, comma-separated (default: all; pdf is the slow one).",
)
@click.option("--no-search", is_flag=True, help="Leave out the Pagefind search index.")
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    metavar="N",
    help="Processes rendering pages side by side (default: one per CPU this command may use).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress output.")
def export_site(
    folder: Path,
    force: bool,
    base_url: str,
    language: str,
    formats: str,
    no_search: bool,
    workers: int | None,
    quiet: bool,
) -> None:
    """Write the public site to DIR as static files: every published document with its
    exports, persons, organizations, places, collections, the home page, sitemap.xml, and a
    Pagefind search index. Links are relative: DIR works from any web server, under any path,
    and from a disk (search then needs a small server: python3 -m http.server).

    Drafts are left out; a withdrawn document keeps its tombstone page. Running it again
    replaces the earlier edition in DIR.

    \b
    Examples:
      sourcebook export-site edition/
      sourcebook export-site edition/ --formats record,tei,json,bibtex,ris,csl-json
      sourcebook export-site edition/ --workers 4
      sourcebook export-site /var/www/edition --base-url https://example.org/edition
      cd edition && python3 -m http.server 8000
    """
    runtime.setup()
    from django.conf import settings

    from sourcebook.edition.export import ExportError, export_site
    from sourcebook.edition.pagefind import PagefindError
    from sourcebook.edition.processes import default_workers
    from sourcebook.edition.target import TargetError

    if language and language not in dict(settings.LANGUAGES):
        fail(
            f"no interface language {language!r}: use one of {', '.join(dict(settings.LANGUAGES))}"
        )
    if base_url and not base_url.startswith(("https://", "http://")):
        fail(f"--base-url must start with https:// or http://, not {base_url!r}")
    console = Console(stderr=True)
    _stop_cleanly_on_sigterm()
    with progress_bar(console, disable=quiet) as bar:
        task = bar.add_task("Rendering pages", total=None)

        def progress(step: str, done: int, total: int) -> None:
            bar.update(task, description=step, completed=done, total=total or None)

        try:
            summary = export_site(
                folder,
                force=force,
                base_url=base_url,
                language=language,
                search=not no_search,
                formats=[f.strip() for f in formats.split(",") if f.strip()] or None,
                progress=progress,
                workers=workers or default_workers(),
            )
        except (TargetError, ExportError, PagefindError) as exc:
            fail(str(exc))
    if not base_url and not settings.SOURCEBOOK_BASE_URL and not quiet:
        click.echo(
            f"note: no --base-url, so citations and sitemap.xml name {summary.base_url}/",
            err=True,
        )
    searched = f", search in {summary.search_language}" if summary.search_language else ""
    click.echo(
        f"Wrote {summary.documents:,} documents ({summary.tombstones:,} withdrawn as tombstones), "
        f"{len(summary.indexed):,} indexed pages, {summary.files:,} files{searched} to {folder}",
        err=True,
    )


def _stop_cleanly_on_sigterm() -> None:
    """SIGTERM (``kill``, systemd, ``timeout``) ends the export as Ctrl+C does, through the
    exception that removes the half-written edition. Python's default for SIGTERM is to die at
    once, which left the staging folder behind: gigabytes for a large archive."""

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
