"""The query worker's sandbox: no network, by the kernel's word rather than by our reading of queries.

A seccomp filter, installed when a worker starts and kept for its life, makes every ``socket()``
call for a family other than ``AF_UNIX`` fail with EACCES, and refuses io_uring, which can open
sockets without that call. The pipe to the parent was opened before and keeps working, so does
anything on Unix-domain sockets; a ``SERVICE`` call or any other outbound request the engine might
try fails at once, without a packet sent. This holds even where the query check (guard.py) and
Oxigraph would read a query differently. libseccomp does the work (through pyseccomp): the filter
is written as rules, not as hand-assembled BPF, and it sets no_new_privs as seccomp requires.
"""

from __future__ import annotations

import errno
import socket

BLOCKED_CALLS = ("io_uring_setup",)


class SandboxError(RuntimeError):
    """The filter could not be installed: the worker must not run queries without it."""


def confine() -> None:
    """Forbid this process, for good, every socket but a Unix-domain one."""
    try:
        import pyseccomp as seccomp  # here: it looks for libseccomp when imported, and may not find it

        rules = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
        rules.add_rule(seccomp.ERRNO(errno.EACCES), "socket", seccomp.Arg(0, seccomp.NE, socket.AF_UNIX))
        for call in BLOCKED_CALLS:
            rules.add_rule(seccomp.ERRNO(errno.ENOSYS), call)
        rules.load()
    except (OSError, RuntimeError, ValueError) as exc:
        raise SandboxError(f"the query worker's network sandbox could not be installed: {exc}") from None
