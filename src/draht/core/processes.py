"""Helper processes that must not outlive the process that started them."""

import os
import signal
import sys


def die_with_parent() -> None:
    """Call in a child process (or as a subprocess's preexec_fn): the kernel sends it SIGTERM when its parent
    ends, however the parent ends (SIGKILL included). Linux only; elsewhere nothing happens."""
    if sys.platform != "linux":
        return
    import ctypes

    parent = os.getppid()
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent ended before the request took effect
        os.kill(os.getpid(), signal.SIGTERM)
