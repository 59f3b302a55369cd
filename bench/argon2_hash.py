"""Time to hash and to verify a password with the API's argon2id parameters (chalicelib.auth.passwords).

Prints the parameters and the median, min and max of N hashes and N verifications (default 15),
measured in this process (wall and CPU). Sign-in pays one verification; set or reset of a password
one hash; an unknown account one verification against a dummy hash.

Usage: .venv/bin/python bench/argon2_hash.py [rounds]
"""

import os
import statistics
import sys
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_pytest_env = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest_env"]
os.environ.update({name: str(value) for name, value in _pytest_env.items()})
os.environ["KC_PASSWORD_HASH_PROFILE"] = "owasp"  # what production uses, not the tests' cheap profile
sys.path[:0] = [str(ROOT / "functions" / "portal")]

PASSWORD = "Sommer-Regen-Laterne-42"


def _timed(function: Callable[[], object], rounds: int) -> tuple[list[float], list[float]]:
    walls, cpus = [], []
    for _ in range(rounds):
        wall, cpu = time.perf_counter(), time.process_time()
        function()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return walls, cpus


def _line(label: str, walls: list[float], cpus: list[float]) -> str:
    def ms(value: float) -> str:
        return f"{value * 1000:6.1f} ms"

    return (
        f"  {label:<8} wall median {ms(statistics.median(walls))} ({ms(min(walls))} … {ms(max(walls))}),"
        f"  CPU median {ms(statistics.median(cpus))}"
    )


def main() -> int:
    from chalicelib.auth.passwords import hasher as make_hasher

    hasher = make_hasher()

    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    print(
        f"argon2 {hasher.type.name.lower()}: memory {hasher.memory_cost // 1024} MiB, "
        f"time cost {hasher.time_cost}, parallelism {hasher.parallelism}, "
        f"hash {hasher.hash_len} bytes, salt {hasher.salt_len} bytes; {rounds} rounds each"
    )
    stored = hasher.hash(PASSWORD)  # warm-up, and the hash the verifications check
    print(_line("hash", *_timed(lambda: hasher.hash(PASSWORD), rounds)))
    print(_line("verify", *_timed(lambda: hasher.verify(stored, PASSWORD), rounds)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
