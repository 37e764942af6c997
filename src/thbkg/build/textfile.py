"""Input files read as UTF-8 text: a file that cannot be read, or a byte that is not UTF-8, is an
InputError naming the file (and the line and column of the byte), never a traceback."""

from __future__ import annotations

from pathlib import Path

from thbkg.core.errors import InputError, Problem


def read_text(path: Path) -> str:
    """The text of ``path``, or InputError saying why it cannot be had."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError([Problem(path, 0, f"cannot read the file: {exc.strerror or exc}")]) from None
    return decode(path, data)


def decode(path: Path, data: bytes) -> str:
    """``data`` (the bytes of ``path``) as UTF-8, or InputError at the first byte that is not UTF-8;
    its column counts characters, as an editor shows them."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        column = len(data[line_start : exc.start].decode("utf-8")) + 1
        reason = f"not UTF-8 text: byte 0x{data[exc.start]:02x} at column {column}"
        raise InputError([Problem(path, line, reason)]) from None
