"""The notebooks in docs/notebooks: run them, keep their outputs stable, and write their figures.

``python -m thbkg.explore.notebooks`` (``make notebooks``) executes every notebook in place, so
they are committed with their outputs and read as documents on any viewer, and writes each figure
as ``docs/figures/<notebook>-<n>.png`` from those outputs (a notebook writes nothing itself). What
would change from run to run without the data changing (execution times, kernel versions) is
left out, so re-running with the same build changes no byte. Needs the ``notebooks`` or ``test``
extra (nbclient, nbformat, ipykernel, matplotlib).
"""

from __future__ import annotations

import argparse
import base64
import os
import sys
from collections.abc import Mapping
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from thbkg.core.layout import find_root

KERNEL = "python3"
CELL_TIMEOUT = 120  # seconds: the slowest cell starts a server and reads every view through it
METADATA = {
    "kernelspec": {"display_name": "Python 3", "language": "python", "name": KERNEL},
    "language_info": {"name": "python"},
}


class NotebookError(Exception):
    """A notebook that failed to run: which one, which cell and what it raised."""


def notebooks(root: Path) -> list[Path]:
    """The project's notebooks, in name order (their numbers)."""
    return sorted((root / "docs" / "notebooks").glob("*.ipynb"))


def execute(path: Path, env: Mapping[str, str] | None = None) -> nbformat.NotebookNode:
    """The notebook at ``path`` run top to bottom in a fresh kernel, in its own folder, with
    ``env`` as the kernel's environment (default: this process's), its outputs stable."""
    book = nbformat.read(path, as_version=4)
    client = NotebookClient(
        book, timeout=CELL_TIMEOUT, kernel_name=KERNEL, resources={"metadata": {"path": str(path.parent)}}
    )
    try:
        client.execute(env=dict(env if env is not None else os.environ))
    except CellExecutionError as exc:
        raise NotebookError(f"{path.name}: {exc}") from None
    return tidy(book)


def tidy(book: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """``book`` without what changes from run to run: cell timings, kernel versions."""
    book.metadata = nbformat.from_dict(METADATA)
    for cell in book.cells:
        cell.metadata.pop("execution", None)
    return book


def figures(book: nbformat.NotebookNode) -> list[bytes]:
    """The PNG images among the outputs, in order."""
    return [
        base64.b64decode(output["data"]["image/png"])
        for cell in book.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if "image/png" in output.get("data", {})
    ]


def regenerate(root: Path, names: list[str] | None = None) -> list[Path]:
    """Run every notebook (or those whose name starts with one of ``names``) in place and write
    its figures under docs/figures; the files written."""
    folder = root / "docs" / "figures"
    folder.mkdir(exist_ok=True)
    written = []
    for path in notebooks(root):
        if names and not any(path.name.startswith(name) for name in names):
            continue
        print(f"Running {path.relative_to(root)} ...", file=sys.stderr, flush=True)
        book = execute(path)
        nbformat.write(book, path)
        written.append(path)
        for stale in folder.glob(f"{path.stem}-*.png"):
            stale.unlink()
        for number, image in enumerate(figures(book), 1):
            target = folder / f"{path.stem}-{number}.png"
            target.write_bytes(image)
            written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run docs/notebooks in place and write their figures.")
    parser.add_argument("names", nargs="*", help="only the notebooks whose names start so (05, 05-statistics)")
    parser.add_argument("--root", type=Path, help="the project folder (default: the nearest one)")
    args = parser.parse_args(argv)
    try:
        written = regenerate(args.root.resolve() if args.root else find_root(), args.names)
    except NotebookError as exc:
        print(f"notebooks: {exc}", file=sys.stderr)
        return 1
    print(f"{len(written)} files written", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
