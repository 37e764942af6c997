"""``/download/``: the files of ``dist/`` with their media types and validators, and a listing.

Files answer with a strong sha256 ETag and Last-Modified (dist_files.py) and ``Cache-Control:
no-cache``, so clients revalidate and get 304 while the export is unchanged. HEAD and byte ranges
come with Starlette's FileResponse. The listing is HTML, or the DCAT/VoID description by Accept.
"""

from __future__ import annotations

from email.utils import parsedate_to_datetime
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from thbkg.serve.dist_files import DESCRIPTION, DistFile, DistFolder, http_date
from thbkg.serve.htmlkit import esc, page
from thbkg.serve.http_error import HttpError
from thbkg.serve.negotiate import choose

LISTING = {"html": "text/html", "turtle": "text/turtle"}
NO_EXPORT = "no downloads here: dist/ is absent; run `thbkg export` to write it"


def download_routes(folder: Path | None) -> list[Route]:
    """The routes serving ``folder`` (dist/); without a folder every download answers 404."""
    dist = DistFolder(folder) if folder else None

    async def listing(request: Request) -> Response:
        if dist is None or not dist.exists():
            raise HttpError(404, NO_EXPORT)
        fmt = choose(LISTING, request.headers.get("accept"), None)
        if fmt == "turtle":
            described = await one_file(request, DESCRIPTION)
            described.headers["Vary"] = "Accept"
            return described
        files = [f for f in map(dist.get, dist.names()) if f]
        return Response(_listing_page(files), media_type="text/html; charset=utf-8", headers={"Vary": "Accept"})

    async def download(request: Request) -> Response:
        return await one_file(request, request.path_params["name"])

    async def one_file(request: Request, name: str) -> Response:
        found = dist.get(name) if dist and dist.exists() else None
        if found is None:
            raise HttpError(404, NO_EXPORT if dist is None or not dist.exists() else "no such download")
        headers = {
            "ETag": found.etag,
            "Last-Modified": http_date(found.last_modified),
            "Cache-Control": "no-cache",
        }
        if _not_modified(request, found):
            return Response(status_code=304, headers=headers)
        return FileResponse(found.path, headers=headers, media_type=found.media_type, stat_result=found.stat)

    return [
        Route("/download/", listing, methods=["GET", "HEAD"]),
        Route("/download/{name:path}", download, methods=["GET", "HEAD"]),
    ]


def _not_modified(request: Request, found: DistFile) -> bool:
    """RFC 9110 13.2.2: If-None-Match decides when present (weak comparison); else If-Modified-Since."""
    tags = request.headers.get("if-none-match")
    if tags is not None:
        offered = {t.strip().removeprefix("W/") for t in tags.split(",")}
        return "*" in offered or found.etag in offered
    since = request.headers.get("if-modified-since")
    if since is None:
        return False
    try:
        moment = parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False
    return moment.tzinfo is not None and found.last_modified <= moment


def _listing_page(files: list[DistFile]) -> str:
    rows = "".join(
        f'<tr><td><a href="{esc(f.name)}">{esc(f.name)}</a></td><td data-label="bytes">{f.stat.st_size:,}</td>'
        f'<td data-label="media type"><code>{esc(f.media_type)}</code></td><td>{esc(f.title)}</td></tr>'
        for f in files
    )
    body = (
        "<h1>Downloads</h1><p>The files of <code>thbkg export</code>. "
        f'<a href="{DESCRIPTION}">{DESCRIPTION}</a> describes the dataset and every file in DCAT and VoID; '
        "check the files with <code>sha256sum -c SHA256SUMS</code>.</p>"
        '<table class="stack"><thead><tr><th>file</th><th>bytes</th><th>media type</th><th>what</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )
    return page("Downloads", body)
