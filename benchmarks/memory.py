"""Peak memory of the current process, for the benchmarks' child processes."""

from __future__ import annotations

import resource
from pathlib import Path

__all__ = ["peak_mib"]


def peak_mib() -> float:
    """Peak resident memory of this process since it started its program, in MiB.

    Linux keeps ``getrusage``'s ``ru_maxrss`` across ``execve``, so a child started by a large parent would
    report the parent's peak; ``VmHWM`` in ``/proc/self/status`` belongs to the new program alone.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
