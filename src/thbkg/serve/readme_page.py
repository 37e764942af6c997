"""``/about``: the dataset's README (``dist/README.md``, written by ``thbkg export``) as HTML.

The Markdown is rendered by markdown-it-py (CommonMark with tables) with raw HTML turned off, so
the file's text is escaped like every other value on our pages; links relative to the README
(``thbkg.trig``) point into ``/download/``, where the README itself lives. The file is read again
whenever it changes, as the downloads are.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import OptionsDict
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from thbkg.serve.htmlkit import esc, page
from thbkg.serve.http_error import HttpError

README = "README.md"
DOWNLOADS = "/download/"
STYLES = ("/static/results.css",)
MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable("table")  # raw HTML in the file is shown as text


def _boxed_table_open(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict) -> str:
    """A table scrolls sideways in its own box, which the keyboard can reach and a screen reader
    names by the table's section."""
    label = esc(tokens[idx].meta.get("section", "table"))
    return f'<div class="result-box" role="region" tabindex="0" aria-label="{label}">' + self.renderToken(
        tokens, idx, options, env
    )


def _boxed_table_close(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: dict) -> str:
    return self.renderToken(tokens, idx, options, env) + "</div>"


MARKDOWN.add_render_rule("table_open", _boxed_table_open)
MARKDOWN.add_render_rule("table_close", _boxed_table_close)


def readme_routes(dist: Path | None) -> list[Route]:
    """``/about``, from ``dist``'s README; 404 with a hint when there is none."""
    cache: dict[tuple[int, int], str] = {}

    async def about(_request: Request) -> Response:
        path = dist / README if dist else None
        try:
            stat = path.stat() if path else None
        except OSError:
            stat = None
        if path is None or stat is None:
            raise HttpError(
                404, "no dataset description here: dist/README.md is absent; run `thbkg export` to write it"
            )
        version = (stat.st_ino, stat.st_mtime_ns)
        if version not in cache:
            cache.clear()
            cache[version] = readme_html(path.read_text(encoding="utf-8"))
        return HTMLResponse(cache[version])

    return [Route("/about", about, methods=["GET"])]


def readme_html(markdown: str) -> str:
    """The whole page of the README, titled by its first heading."""
    tokens = MARKDOWN.parse(markdown)
    title = next((tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"), "The dataset")
    section = title
    for i, token in enumerate(tokens):
        _point_into_downloads(token)
        if token.type == "heading_open":
            section = tokens[i + 1].content
        elif token.type == "table_open":
            token.meta["section"] = section
    body = MARKDOWN.renderer.render(tokens, MARKDOWN.options, {})
    note = f'<p class="note">The dataset\'s README, as in <a href="{DOWNLOADS}{README}">{DOWNLOADS}{README}</a>.</p>'
    return page(title, f'<div class="readme">{body}</div>{note}', styles=STYLES)


def _point_into_downloads(token: Token) -> None:
    """Relative links and images (``thbkg.trig``) as paths under /download/."""
    for child in [token, *(token.children or [])]:
        for attribute in ("href", "src"):
            target = child.attrGet(attribute)
            if isinstance(target, str) and _relative(target):
                child.attrSet(attribute, DOWNLOADS + target)


def _relative(target: str) -> bool:
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and not target.startswith(("/", "#"))
