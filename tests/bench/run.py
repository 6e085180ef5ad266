"""`make bench`: run every benchmark script and print its figures (targets are printed, never asserted)."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = ["bench_engine.py", "bench_letters.py", "bench_web.py", "bench_search.py", "bench_documents.py"]


def main() -> int:
    failures = 0
    for name in SCRIPTS:
        script = HERE / name
        print(f"\n=== {name}", flush=True)
        if not script.exists():
            print("(missing)")
            failures += 1
            continue
        failures += subprocess.call([sys.executable, str(script)], cwd=HERE.parent.parent) != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
