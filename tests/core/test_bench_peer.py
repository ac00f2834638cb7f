"""The peer benchmark's pure parts (``bench/bench_peer.py``): medians, the table, finding gpo.

None of this runs the benchmark or needs gPodder installed (CI has none): the missing-gpo
message is checked by running the real script with a PATH that holds no gpo.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from bench.bench_peer import (
    MISSING_GPO,
    WORKLOADS,
    Results,
    find_gpo,
    format_counts,
    format_http,
    median,
    settings,
    table,
)

ROOT = Path(__file__).resolve().parents[2]


def test_median_of_repetitions() -> None:
    assert median([3.0, 1.0, 2.0]) == 2.0
    assert median([4.0, 1.0]) == 2.5
    with pytest.raises(ValueError):
        median([])


def test_http_statuses_read_in_order() -> None:
    assert format_http({"304": 200}) == "304x200"
    assert format_http({"304": 3, "200": 197}) == "200x197,304x3"
    assert format_http({}) == "-"


def test_episode_counts_flag_a_disagreement() -> None:
    assert format_counts([40200, 40200], [40200, 40200]) == "40200/40200"
    assert format_counts([40000], [40200]) == "40000/40200 DIFFER"
    # The same tool holding different counts from one repetition to the next is a drift.
    assert format_counts([10, 11], [10, 11]) == "10|11/10|11 DIFFER"


def _results() -> Results:
    results = Results()
    seconds = {"import": (16.0, 4.0), "bump": (18.0, 1.8), "same": (3.0, 0.6)}
    for workload, (gpo, ours) in seconds.items():
        for rep in range(3):
            bump = 0.0 if rep != 1 else 100.0  # an outlier the median must ignore
            results.add((workload, "gpo"), gpo + bump, 400, {"200": 2})
            results.add((workload, "ours"), ours + bump, 400, {"200": 2})
    results.http[("same", "gpo")] = {"304": 2}
    results.http[("same", "ours")] = {"304": 2}
    return results


def test_table_has_one_row_per_workload_with_medians_and_ratio() -> None:
    lines = table(_results())
    assert lines[0].startswith("| workload | gpo (s) | ours (s) | ratio ours/gpo")
    rows = lines[2:]
    assert [row.split(" | ")[0].lstrip("| ") for row in rows] == [label for _w, label in WORKLOADS]
    cells = [cell.strip() for cell in rows[0].strip("|").split("|")]
    assert cells[1:5] == ["16.00", "4.00", "0.25", "400/400"]
    assert rows[2].endswith("| 304x2 / 304x2 |")


def test_slow_setting_added_once() -> None:
    assert settings(0.0, 1, False) == [(0.0, 1)]
    assert settings(0.0, 1, True) == [(0.0, 1), (50.0, 20)]
    assert settings(50.0, 20, True) == [(50.0, 20)]


def test_gpo_found_on_path_only_when_there(tmp_path: Path) -> None:
    empty, with_gpo = tmp_path / "empty", tmp_path / "bin"
    empty.mkdir()
    with_gpo.mkdir()
    fake = with_gpo / "gpo"
    fake.write_text("#!/bin/sh\n")
    assert find_gpo(path=str(empty)) is None
    assert find_gpo(str(fake)) is None  # not executable yet
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    assert find_gpo(path=f"{empty}{os.pathsep}{with_gpo}") == str(fake)
    assert find_gpo(str(fake)) == str(fake)


def test_missing_gpo_says_how_to_install_it(tmp_path: Path) -> None:
    env = dict(os.environ, PATH=str(tmp_path), PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench_peer.py"), "--feeds", "1", "--reps", "1"],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert "sudo apt-get install gpodder" in result.stderr
    assert result.stderr.strip() == MISSING_GPO
    assert result.stdout == ""  # nothing measured, no server started


def test_a_busy_machine_spins_its_processes_only_inside_the_block() -> None:
    import os

    from bench.bench_peer import busy_machine

    def children() -> set[int]:
        task = f"/proc/{os.getpid()}/task/{os.getpid()}/children"
        return {int(pid) for pid in open(task).read().split()}

    before = children()
    with busy_machine(2):
        spinning = children() - before
        assert len(spinning) == 2
    assert not (children() & spinning)
