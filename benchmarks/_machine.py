"""The machine line every benchmark prints, so its figures can be compared with others'."""

import os
import platform
from pathlib import Path


def cpu_model(unknown: str = "unknown CPU") -> str:
    """The CPU's model name (from /proc/cpuinfo where there is one)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or unknown


def machine() -> str:
    return f"{platform.system()} {platform.machine()}, {cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()}"
