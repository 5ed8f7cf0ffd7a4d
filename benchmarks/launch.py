"""Run one command and record its resource use: ``launch.py USAGE_JSON CMD...``.

Why a separate launcher: Linux carries a process's peak RSS across ``exec``, and
``subprocess`` starts children by forking the caller, so a tool started straight
from ``run.py`` would report ``run.py``'s own peak (corpus generation, scoring) as
its ``ru_maxrss``. Started from this small process instead, the floor is this
interpreter's few megabytes. Writes ``{"wall_s", "cpu_s", "maxrss_kb", "exit"}``
to USAGE_JSON (taken from ``os.wait4`` on the child) and exits with the child's
status.
"""

import json
import os
import sys
import time


def main() -> int:
    usage_path, cmd = sys.argv[1], sys.argv[2:]
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            os.execvp(cmd[0], cmd)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    with open(usage_path, "w") as f:
        json.dump({"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime,
                   "maxrss_kb": usage.ru_maxrss, "exit": code}, f)
    return code if code >= 0 else 128 - code


if __name__ == "__main__":
    sys.exit(main())
