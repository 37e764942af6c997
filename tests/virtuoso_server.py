"""A real Virtuoso for tests: Debian's ``virtuoso-opensource-7``, on 127.0.0.1 only, in a folder of its own.

``running_virtuoso(folder)`` writes an ini with the database, log and both ports (SQL and HTTP)
in ``folder``, starts ``virtuoso-t -f`` on it, waits until it answers, then sets the ``dba``
password and grants ``dba`` the ``SPARQL_UPDATE`` role through ``isql-vt`` (what the Graph Store
endpoint ``/sparql-graph-crud-auth`` requires); it yields the server's base URL and always stops it.
``virtuoso_missing()`` says why there is no server to start, for a skip.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from processes import HOST, free_port, stop, wait_until_answering

SERVER = "virtuoso-t"
ISQL = "isql-vt"
START_TIMEOUT = 60.0
USER = "dba"
FIRST_PASSWORD = "dba"  # a new database's, replaced at once
PASSWORD = "thbkg-test-dba"

# ResultSetMaxRows: Virtuoso's default (10000) would cut a saved query's answer on a large build.
INI = """\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
[Parameters]
ServerPort = {host}:{sql_port}
DisableUnixSocket = 1
DirsAllowed = ., {folder}
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
[HTTPServer]
ServerPort = {host}:{http_port}
ServerRoot = {folder}
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 600
"""


def virtuoso_missing() -> str:
    """Why no Virtuoso can be started here ("" when it can)."""
    missing = [name for name in (SERVER, ISQL) if not shutil.which(name)]
    if missing:
        return f"no {' or '.join(missing)}: install Debian's virtuoso-opensource-7 (`make virtuoso`)"
    return ""


@contextmanager
def running_virtuoso(folder: Path) -> Iterator[str]:
    """``virtuoso-t`` with its database in ``folder``, bound to 127.0.0.1; yields the base URL
    (``/sparql`` for queries, ``/sparql-graph-crud-auth`` for the Graph Store as ``dba``)."""
    sql_port, http_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(INI.format(folder=folder, host=HOST, sql_port=sql_port, http_port=http_port), encoding="utf-8")
    log = folder / "virtuoso.out"
    with log.open("wb") as out:
        process = subprocess.Popen([SERVER, "-f", "-c", str(ini)], cwd=folder, stdout=out, stderr=subprocess.STDOUT)
    try:
        base = f"http://{HOST}:{http_port}"
        wait_until_answering(
            "virtuoso-t",
            f"{base}/sparql?query=ASK%7B%7D",
            process,
            log,
            START_TIMEOUT,
            lambda text: "Server online at" in text,
        )
        _isql(
            f"{HOST}:{sql_port}",
            FIRST_PASSWORD,
            f"GRANT SPARQL_UPDATE TO \"{USER}\"; DB.DBA.USER_PASSWORD_SET('{USER}', '{PASSWORD}');",
        )
        yield base
    finally:
        stop(process)


def _isql(address: str, password: str, statements: str) -> None:
    """Run SQL as dba (``password``: its password now); isql-vt exits 0 even when a statement
    fails, so its output is read for errors."""
    done = subprocess.run(
        [ISQL, address, USER, password, f"exec={statements}"], capture_output=True, text=True, timeout=60, check=False
    )
    output = done.stdout + done.stderr
    if done.returncode != 0 or "*** Error" in output:
        raise RuntimeError(f"isql-vt failed: {output}")
