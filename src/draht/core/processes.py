"""Helper processes that must not outlive the process that started them."""

import os
import signal
import sys


def die_with_parent(parent: int) -> None:
    """Call in a child process (or as a subprocess's preexec_fn, through parent_watch()) with the pid of the
    process that started it, taken before the start: the kernel sends the child SIGTERM when that parent ends,
    however it ends (SIGKILL included). Linux only; elsewhere nothing happens."""
    if sys.platform != "linux":
        return
    import ctypes

    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    # The parent may have ended before the request took effect, even before this child first ran: then the child
    # already has another parent (init or a subreaper), which is why the pid comes from before the start.
    if os.getppid() != parent:
        os.kill(os.getpid(), signal.SIGTERM)


def parent_watch():
    """A preexec_fn for subprocess.Popen: the started program ends with this process (see die_with_parent)."""
    if sys.platform != "linux":
        return None
    import functools

    return functools.partial(die_with_parent, os.getpid())


def process_tag(pid: int | None = None) -> str:
    """This process as "host:pid:start time": another process can tell whether it is still alive (a reused pid has
    another start time)."""
    import socket

    import psutil

    pid = pid or os.getpid()
    return f"{socket.gethostname()[:30]}:{pid}:{int(psutil.Process(pid).create_time())}"


def is_gone(tag: str) -> bool:
    """True when the tagged process ran on this machine and has ended; False when it lives, or ran elsewhere (then
    only a heartbeat can tell)."""
    import socket

    import psutil

    try:
        host, pid, started = tag.rsplit(":", 2)
        pid, started = int(pid), int(started)
    except ValueError:
        return False
    if host != socket.gethostname()[:30]:
        return False
    try:
        return int(psutil.Process(pid).create_time()) != started
    except psutil.NoSuchProcess:
        return True
