"""Cold-start import time of the API (functions/portal/app.py) against a bare Chalice app with boto3.

Each import runs in a fresh interpreter (interpreter start-up excluded); prints the median of N runs
(default 9, the two apps interleaved) of CPU time, which a busy machine disturbs far less than wall
time (also shown), and the ratio (goal: at most 1.2x). Then where the portal's extra time goes:
the third-party libraries it adds, and the slowest packages by `python -X importtime` self time.

Our own modules are measured with their bytecode compiled, as `infra/package.py` ships it
(`compileall --invalidation-mode checked-hash` of chalicelib: Lambda's /var/task is read-only, so
without shipped bytecode every cold start compiles the ~60 modules again), like the installed libraries,
whose bytecode pip writes. The figure without shipped bytecode is printed too.

Usage: .venv/bin/python bench/import_time.py [runs]
"""

import os
import statistics
import subprocess
import sys
import tempfile
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PORTAL = ROOT / "functions" / "portal"
GOAL = 1.2  # issue 6: at most 1.2x a bare Chalice app with boto3

BARE_APP = """\
import boto3
from chalice import Chalice

app = Chalice(app_name="bare")


@app.route("/")
def index():
    return {"hello": "world"}
"""

# X-Ray on Lambda: Powertools' Tracer and aws-xray-sdk start on the first request, not at cold start.
TRACER_START = (
    "import os; os.environ['LAMBDA_TASK_ROOT'] = '/var/task'; import app; "
    "from chalicelib import tracing; assert tracing._get_tracer() is not None"
)

# The third-party names the portal imports at start, without any of its own code.
# (pydantic, argon2 and email-validator are imported on first use, not at cold start.)
LIBRARIES = (
    "import chalice.app, pynamodb.models, pynamodb.attributes, pynamodb.indexes, pynamodb.transactions"
)


def _environment() -> dict[str, str]:
    pytest_env = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest_env"]
    env = {**os.environ, **{name: str(value) for name, value in pytest_env.items()}}
    env.pop("AWS_ENDPOINT_URL", None)
    env.pop("PYTHONPATH", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # the warm-up run writes app.py's bytecode, as intended
    return env


def compile_like_deploy() -> None:
    """chalicelib's bytecode, as infra/package.py compiles it into the Lambda package (there unchecked-hash;
    bench/package_size.py measures the packaged zip itself on Python 3.12)."""
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", "--invalidation-mode", "checked-hash", "chalicelib"],
        cwd=PORTAL,
        check=True,
    )


def measure_from_sources(cwd: Path) -> tuple[float, float]:
    """Like `measure`, but our modules compiled from source: a copy without bytecode, none written."""
    import shutil

    with tempfile.TemporaryDirectory() as directory:
        copy = Path(directory)
        shutil.copy2(cwd / "app.py", copy / "app.py")
        shutil.copytree(cwd / "chalicelib", copy / "chalicelib", ignore=shutil.ignore_patterns("__pycache__"))
        probe = (
            "import time; c = time.process_time(); w = time.perf_counter(); "
            "import app; print(time.process_time() - c, time.perf_counter() - w)"
        )
        result = subprocess.run(
            [sys.executable, "-c", probe],
            cwd=copy,
            env={**_environment(), "PYTHONDONTWRITEBYTECODE": "1"},
            capture_output=True,
            text=True,
            check=True,
        )
    cpu, wall = result.stdout.split()
    return float(cpu), float(wall)


def measure(cwd: Path, statement: str = "import app") -> tuple[float, float]:
    """(CPU seconds, wall seconds) of `statement` in a fresh interpreter."""
    probe = (
        "import time; c = time.process_time(); w = time.perf_counter(); "
        f"{statement}; print(time.process_time() - c, time.perf_counter() - w)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=cwd, env=_environment(), capture_output=True, text=True, check=True
    )
    cpu, wall = result.stdout.split()
    return float(cpu), float(wall)


def slowest_packages(cwd: Path, count: int = 10) -> list[tuple[float, str]]:
    """Self import time summed per top-level package (python -X importtime; inflated by its own overhead)."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import app"],
        cwd=cwd,
        env=_environment(),
        capture_output=True,
        text=True,
        check=True,
    )
    totals: Counter[str] = Counter()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "cumulative" not in line:
            own, _, name = (part.strip() for part in line.removeprefix("import time:").split("|"))
            totals[name.split(".")[0]] += int(own)
    return [(micros / 1e6, name) for name, micros in totals.most_common(count)]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:6.1f} ms"


def _row(label: str, samples: list[tuple[float, float]]) -> float:
    cpu = [sample[0] for sample in samples]
    wall = statistics.median(sample[1] for sample in samples)
    median = statistics.median(cpu)
    print(f"  {label:<44} {_ms(median)}  ({_ms(min(cpu))} … {_ms(max(cpu))})   wall {_ms(wall)}")
    return median


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    bare: list[tuple[float, float]] = []
    portal: list[tuple[float, float]] = []
    libraries: list[tuple[float, float]] = []
    sources: list[tuple[float, float]] = []
    traced: list[tuple[float, float]] = []
    compile_like_deploy()
    with tempfile.TemporaryDirectory() as directory:
        bare_dir = Path(directory)
        (bare_dir / "app.py").write_text(BARE_APP, encoding="utf-8")
        measure(bare_dir), measure(PORTAL)  # byte-code and file cache warm for both
        for _ in range(runs):
            bare.append(measure(bare_dir))
            portal.append(measure(PORTAL))
            libraries.append(measure(bare_dir, LIBRARIES))
            sources.append(measure_from_sources(PORTAL))
            traced.append(measure(PORTAL, TRACER_START))
    print(f"import time, CPU, median of {runs} fresh interpreters (min … max), wall median:")
    bare_median = _row("bare Chalice app + boto3", bare)
    portal_median = _row("functions/portal/app.py", portal)
    libraries_median = _row("its third-party imports alone", libraries)
    ratio = portal_median / bare_median
    print(f"  ratio portal / bare: {ratio:.2f}x (goal ≤ {GOAL}x): {'within' if ratio <= GOAL else 'OVER'}")
    print(
        f"  the portal's third-party imports alone: {_ms(libraries_median).strip()}; its own modules "
        f"(models, request schemas, routes) add {_ms(portal_median - libraries_median).strip()}"
    )
    print(f"  (third-party: {LIBRARIES})")
    sources_median = _row("functions/portal/app.py without our bytecode", sources)
    print(
        f"  without shipped bytecode (every module of ours compiled at each cold start): "
        f"{sources_median / bare_median:.2f}x"
    )
    traced_median = _row("app.py + the tracer's start (Lambda only)", traced)
    print(
        f"  X-Ray: the first request on Lambda adds {_ms(traced_median - portal_median).strip()} "
        "(Powertools Tracer, aws-xray-sdk, botocore patched); cold start itself does not import them"
    )
    print("\nslowest packages of functions/portal/app.py, self time (python -X importtime):")
    for seconds, name in slowest_packages(PORTAL):
        print(f"  {_ms(seconds)}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
