"""Differentially private synthetic microdata in CTDC's 2024 layout: speed, memory and
utility, against pac-synth (Microsoft's synthetic-data-showcase, CTDC's own tool).

    python bench/synthesis.py --size 20000
    python bench/synthesis.py --size 200000

``--size`` generated records x 27 variables (`engine.privacy.testdata.ctdc_2024`) made
synthetic with `engine.privacy.synthesis` at ``--epsilon`` (1.0), resolution 10 and
reporting length 3, as many records out as in. The synthesis runs in a process of its own:
its wall time (fit and release apart) and peak memory (max RSS, the data generation
included) are what is reported; goal <= 120 s and <= 4 GB at 200,000 records on 2 cores.

Utility (`engine.privacy.utility`): mean total variation distance of the 1-, 2- and 3-way
marginals (all 27 and 351 sets, a seeded 1,000 of the 2,925 triples), the share of real
combinations absent from the synthetic records and of the real rare ones (< resolution).
Shown for the released records and, as a reference, for records drawn from the same model
without the resolution rule, and for the resolution rule applied to the real records
themselves (no DP at all): what the rule alone costs.

pac-synth (`DpAggregateSeededSynthesizer`, the same epsilon, reporting length 3, its
default delta 1/(n ln n); it has no resolution rule and no seed) runs on the first
``--pac-synth-size`` of the same records (default: all) in a process of its own, stopped
after ``--pac-synth-timeout`` seconds or when it asks for more than
``--pac-synth-memory-gb`` of address space; on these records its sampling takes ~1 ms a
record at 20,000 and ~1.7 ms at 200,000. Ours is run on the same rows for the ratios. Its
output's combinations rarer than the resolution are counted: CTDC's rule is not part of
pac-synth. Ends with one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from tipsom.engine.privacy import resolution, synthesis, tables, testdata, utility

GOAL_SECONDS, GOAL_MB = 120.0, 4096.0


def worker(kind: str, size: int, rows: int, args: argparse.Namespace, out: Path) -> None:
    """In the child process: make the synthetic records, write them, print the figures."""
    real = testdata.ctdc_2024(size, seed=args.seed).iloc[:rows].reset_index(drop=True)
    figures: dict = {}
    started = time.perf_counter()
    if kind == "ours":
        model = synthesis.fit(real, args.epsilon)
        fitted = time.perf_counter()
        result = model.release(
            rows,
            resolution=args.resolution,
            reporting_length=args.reporting_length,
            seed=args.seed,
        )
        done = time.perf_counter()
        result.frame.to_parquet(out / "ours.parquet")
        figures = {
            "epsilon_spent": model.epsilon,
            "tree_chosen_with_dp": model.chosen,
            "redrawn_values": result.redrawn,
            "blanked_values": result.blanked,
            "removed_records": result.removed,
            "copied_records": result.copied,
        }
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        model.sample(rows, seed=args.seed).to_parquet(out / "raw.parquet")  # not timed
    else:
        limit = int(args.pac_synth_memory_gb * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        import pacsynth

        dataset = pacsynth.Dataset.from_data_frame(real.astype(str))
        params = (
            pacsynth.DpAggregateSeededParametersBuilder()
            .reporting_length(args.reporting_length)
            .epsilon(args.epsilon)
            .build()
        )
        synthesizer = pacsynth.DpAggregateSeededSynthesizer(params)
        synthesizer.fit(dataset)
        fitted = time.perf_counter()
        frame = pacsynth.Dataset.raw_data_to_data_frame(synthesizer.sample(rows))
        done = time.perf_counter()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        frame.to_parquet(out / "pac.parquet")
    figures.update(
        {
            "fit_s": round(fitted - started, 2),
            "sample_s": round(done - fitted, 2),
            "seconds": round(done - started, 2),
            "peak_mb": round(peak),
        }
    )
    print(json.dumps(figures))


def run(kind: str, size: int, rows: int, args: argparse.Namespace, out: Path) -> dict:
    """The worker in a process of its own: its figures, or why it gave none."""
    command = [sys.executable, __file__, "--worker", kind, "--rows", str(rows)]
    command += ["--size", str(size), "--seed", str(args.seed), "--epsilon", str(args.epsilon)]
    command += ["--resolution", str(args.resolution), "--out", str(out)]
    command += ["--reporting-length", str(args.reporting_length)]
    command += ["--pac-synth-memory-gb", str(args.pac_synth_memory_gb)]
    timeout = args.pac_synth_timeout if kind == "pac" else None
    try:
        done = subprocess.run(  # noqa: S603 - this script itself
            command, check=False, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return {"failed": f"timed out after {timeout} s"}
    if done.returncode != 0:
        return {"failed": f"exit {done.returncode}: {done.stderr.strip()[-300:]}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def quality(real: pd.DataFrame, synthetic: pd.DataFrame, args: argparse.Namespace) -> dict:
    """Utility and the count of combinations rarer than the resolution in ``synthetic``."""
    categories = {name: list(real[name].cat.categories) for name in real.columns}
    report = utility.utility(
        real, synthetic, categories=categories, resolution=args.resolution, seed=args.seed
    )
    encoded = tables.encode(synthetic, categories)
    rare = resolution.rare_combinations(
        encoded.codes, encoded.sizes, args.resolution, args.reporting_length
    )
    return {**report.as_dict(), "rare_combinations_left": rare}


def rule_on_real(real: pd.DataFrame, args: argparse.Namespace) -> pd.DataFrame:
    """The resolution rule applied to the real records (blanking only: no model)."""
    encoded = tables.encode(real)
    done = resolution.enforce(
        encoded.codes,
        encoded.sizes,
        resolution=args.resolution,
        length=args.reporting_length,
        blank=[c.index("") if "" in c else None for c in encoded.categories],
        rng=np.random.default_rng(args.seed),
    )
    return tables.decode(encoded.columns, encoded.categories, done.codes)


def line(name: str, q: dict) -> str:
    return (
        f"TVD 1-way {q['tvd_1']:.4f}, 2-way {q['tvd_2']:.4f}, 3-way {q['tvd_3']:.4f}; "
        f"real combinations lost {q['lost']:.1%}, rare ones lost {q['rare_lost']:.1%}; "
        f"combinations < {name} left: {q['rare_combinations_left']:,}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=20_000, help="generated records")
    parser.add_argument("--epsilon", type=float, default=1.0)
    parser.add_argument("--resolution", type=int, default=10)
    parser.add_argument("--reporting-length", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--pac-synth-size",
        type=int,
        default=None,
        help="records for pac-synth (default --size; 0 skips)",
    )
    parser.add_argument("--pac-synth-timeout", type=float, default=900.0, help="seconds")
    parser.add_argument(
        "--pac-synth-memory-gb",
        type=float,
        default=12.0,
        help="address-space limit of its process: it fails rather than exhaust the machine",
    )
    parser.add_argument("--worker", choices=("ours", "pac"), help=argparse.SUPPRESS)
    parser.add_argument("--rows", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.size, args.rows, args, args.out)
        return

    pac_size = min(args.size if args.pac_synth_size is None else args.pac_synth_size, args.size)
    real = testdata.ctdc_2024(args.size, seed=args.seed)
    results: dict = {
        "bench": "synthesis",
        "cpus": os.cpu_count(),
        "records": args.size,
        "variables": real.shape[1],
        "epsilon": args.epsilon,
        "resolution": args.resolution,
        "reporting_length": args.reporting_length,
    }
    print(
        f"  {args.size:,} generated CTDC 2024 records x {real.shape[1]} variables; epsilon "
        f"{args.epsilon}, resolution {args.resolution}, reporting length "
        f"{args.reporting_length}",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="tipsom-bench-synthesis-") as tmp:
        out = Path(tmp)
        ours = run("ours", args.size, args.size, args, out)
        if "failed" in ours:
            raise SystemExit(f"the synthesis failed: {ours['failed']}")
        q = quality(real, pd.read_parquet(out / "ours.parquet"), args)
        raw = quality(real, pd.read_parquet(out / "raw.parquet"), args)
        floor = quality(real, rule_on_real(real, args), args)
        results.update({f"ours_{k}": v for k, v in ours.items()})
        results.update({f"ours_{k}": v for k, v in q.items()})
        results.update({f"ours_no_rule_{k}": v for k, v in raw.items()})
        results.update({f"rule_on_real_{k}": v for k, v in floor.items()})
        results["within_goal"] = ours["seconds"] <= GOAL_SECONDS and ours["peak_mb"] <= GOAL_MB
        print(
            f"    ours: {ours['seconds']:.1f} s (fit {ours['fit_s']:.1f} s, release "
            f"{ours['sample_s']:.1f} s), peak {ours['peak_mb']:,} MB (goal "
            f"{GOAL_SECONDS:.0f} s, {GOAL_MB:.0f} MB at 200,000); epsilon spent "
            f"{ours['epsilon_spent']:.6f}; {ours['redrawn_values']:,} values redrawn, "
            f"{ours['blanked_values']:,} blanked, {ours['removed_records']:,} records removed",
            flush=True,
        )
        print(f"          released: {line(str(args.resolution), q)}", flush=True)
        print(f"      without rule: {line(str(args.resolution), raw)}", flush=True)
        print(f"  rule on real data: {line(str(args.resolution), floor)}", flush=True)

        if pac_size > 0:
            subset = real.iloc[:pac_size].reset_index(drop=True)
            pac = run("pac", args.size, pac_size, args, out)
            results["pac_synth_records"] = pac_size
            results.update({f"pac_synth_{k}": v for k, v in pac.items()})
            if "failed" in pac:
                print(f"  pac-synth on {pac_size:,} records: {pac['failed']}", flush=True)
            else:
                if pac_size == args.size:
                    same, sq, sraw = ours, q, raw
                else:
                    same = run("ours", args.size, pac_size, args, out)
                    sq = quality(subset, pd.read_parquet(out / "ours.parquet"), args)
                    sraw = quality(subset, pd.read_parquet(out / "raw.parquet"), args)
                pq = quality(subset, pd.read_parquet(out / "pac.parquet"), args)
                results.update({f"pac_synth_{k}": v for k, v in pq.items()})
                results.update({f"same_rows_ours_{k}": v for k, v in {**same, **sq}.items()})
                results.update({f"same_rows_ours_no_rule_{k}": v for k, v in sraw.items()})
                for k in (1, 2, 3):
                    results[f"tvd_{k}_ratio_ours_to_pac_synth"] = round(
                        sq[f"tvd_{k}"] / max(pq[f"tvd_{k}"], 1e-9), 3
                    )
                results["time_ratio_ours_to_pac_synth"] = round(
                    same["seconds"] / max(pac["seconds"], 0.01), 4
                )
                res = str(args.resolution)
                print(
                    f"  pac-synth on the first {pac_size:,} records: {pac['seconds']:.1f} s "
                    f"(fit {pac['fit_s']:.1f} s, sample {pac['sample_s']:.1f} s), peak "
                    f"{pac['peak_mb']:,} MB\n"
                    f"           pac-synth: {line(res, pq)}\n"
                    f"     ours, same rows: {same['seconds']:.1f} s, peak "
                    f"{same['peak_mb']:,} MB; {line(res, sq)}\n"
                    f"   same, without rule: {line(res, sraw)}\n"
                    f"  ratio ours/pac-synth: time {results['time_ratio_ours_to_pac_synth']}, "
                    f"TVD 1-way {results['tvd_1_ratio_ours_to_pac_synth']}, 2-way "
                    f"{results['tvd_2_ratio_ours_to_pac_synth']}, 3-way "
                    f"{results['tvd_3_ratio_ours_to_pac_synth']}",
                    flush=True,
                )
    print(json.dumps(results))


if __name__ == "__main__":
    main()
