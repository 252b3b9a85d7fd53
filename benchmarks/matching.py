"""Matching benchmark: our round against an exact maximum-weight matching, over several families of
programmes, in one run.

Families (each seeded):
  programme   the synthetic programmes of bot/matching/synthetic.py (mutual mode)
  reverse     reverse mentoring with few seniors: 15% senior, the rest early-career (reverse mode)
  skewed      a weight matrix: 15% seniors, senior–junior pairs 50–100, every other pair 1–10
  ties        a weight matrix drawn from 0/10/20/30 (0: not worth pairing), as a small catalogue gives
  catalogue   people over a catalogue of four topics: scores tie everywhere
  sparse      people spread over 24 timezones needing 6 shared hours: most pairs are ruled out

For each, at each size: our total as a share of the exact optimum (rustworkx.max_weight_matching, a dev
dependency) and of greedy best-first; people left unmatched by each; our bound as a share of the optimum
(it must be ≥ 100%: it bounds the whole programme); and our time as a share of the exact solver's. Then
the largest sizes alone, for time and peak memory (in a fresh process each, so peaks don't mix).

    .venv/bin/python benchmarks/matching.py [--sizes 500 2000] [--families ...] [--big 10000 50000] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.matching.scoring import Candidate, Mode, Population, Rules  # noqa: E402
from bot.matching.solver import DenseWeights, Scorer, solve, weight_matrix  # noqa: E402
from bot.matching.synthetic import programme, skewed_weights, tied_weights  # noqa: E402


def _people(n: int, seed: int, **changes: object) -> list[Candidate]:
    people, _ = programme(n, seed=seed)
    return [Candidate(**{**p.__dict__, **changes}) for p in people]


def fam_programme(n: int, seed: int) -> Scorer:
    return Population(*programme(n, seed=seed))


def fam_reverse(n: int, seed: int) -> Scorer:
    rng = np.random.default_rng(seed)
    people, rules = programme(n, seed=seed)
    stages = np.where(rng.random(n) < 0.15, 4, rng.integers(0, 2, n))
    people = [Candidate(**{**p.__dict__, "stage": int(s)}) for p, s in zip(people, stages, strict=True)]
    return Population(people, Rules(mode=Mode.REVERSE, forbidden=rules.forbidden, repeats=rules.repeats))


def fam_skewed(n: int, seed: int) -> Scorer:
    return DenseWeights(skewed_weights(n, seed=seed))


def fam_ties(n: int, seed: int) -> Scorer:
    return DenseWeights(tied_weights(n, seed=seed))


def fam_catalogue(n: int, seed: int) -> Scorer:
    return Population(*programme(n, seed=seed, topics=4))


def fam_sparse(n: int, seed: int) -> Scorer:
    rng = np.random.default_rng(seed)
    people, rules = programme(n, seed=seed)
    offsets = rng.integers(-12, 12, n) * 60
    people = [
        Candidate(**{**p.__dict__, "utc_offset_minutes": int(o)})
        for p, o in zip(people, offsets, strict=True)
    ]
    return Population(people, Rules(forbidden=rules.forbidden, repeats=rules.repeats, min_overlap_hours=6))


FAMILIES: dict[str, Callable[[int, int], Scorer]] = {
    "programme": fam_programme,
    "reverse": fam_reverse,
    "skewed": fam_skewed,
    "ties": fam_ties,
    "catalogue": fam_catalogue,
    "sparse": fam_sparse,
}


def exact(weights: np.ndarray) -> tuple[list[tuple[int, int]], float]:
    import rustworkx as rx

    n = weights.shape[0]
    graph = rx.PyGraph()
    graph.add_nodes_from(range(n))
    rows, cols = np.nonzero(np.triu(weights > 0, 1))  # -inf and non-positive pairs are never worth taking
    values = weights[rows, cols]
    ints = np.rint(values * 1024).astype(np.int64)  # integer weights; ours are multiples of 1/1024 or finer
    graph.add_edges_from(list(zip(rows.tolist(), cols.tolist(), ints.tolist(), strict=True)))
    start = time.perf_counter()
    matching = rx.max_weight_matching(graph, max_cardinality=False, weight_fn=int)
    seconds = time.perf_counter() - start
    return [(min(a, b), max(a, b)) for a, b in matching], seconds


def greedy(weights: np.ndarray) -> list[tuple[int, int]]:
    rows, cols = np.nonzero(np.triu(weights > 0, 1))
    order = np.argsort(-weights[rows, cols], kind="stable")
    free = np.ones(weights.shape[0], dtype=bool)
    pairs = []
    for t in order:
        i, j = int(rows[t]), int(cols[t])
        if free[i] and free[j]:
            free[i] = free[j] = False
            pairs.append((i, j))
    return pairs


def total(weights: np.ndarray, pairs: list[tuple[int, int]]) -> float:
    return float(sum(weights[a, b] for a, b in pairs))


def unmatched(n: int, pairs: list[tuple[int, int]]) -> int:
    return n - 2 * len(pairs)


def compare(family: str, n: int, seed: int) -> dict[str, object]:
    scorer = FAMILIES[family](n, seed)
    start = time.perf_counter()
    ours = solve(scorer, seed=seed)
    ours_s = time.perf_counter() - start
    weights = weight_matrix(scorer)
    exact_pairs, exact_s = exact(weights)
    best = total(weights, exact_pairs)
    g = greedy(weights)
    return {
        "family": family,
        "n": n,
        "ours": ours.total / best,
        "greedy": total(weights, g) / best,
        "bound": ours.upper_bound / best,
        "unmatched": (ours.unmatched.__len__(), unmatched(n, exact_pairs), unmatched(n, g)),
        "ours_s": ours_s,
        "exact_s": exact_s,
        "exact_path": ours.exact,
    }


def peak_mb() -> float:
    """This process's peak resident memory. (Not getrusage: Linux carries ru_maxrss across exec, so a child
    would report its parent's peak.)"""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def big(family: str, n: int, seed: int) -> dict[str, object]:
    start = time.perf_counter()
    scorer = FAMILIES[family](n, seed)
    ours = solve(scorer, seed=seed)
    return {
        "family": family,
        "n": n,
        "seconds": time.perf_counter() - start,
        "peak_mb": peak_mb(),
        "pairs": len(ours.pairs),
        "unmatched": len(ours.unmatched),
        "gap": ours.gap,
        "finished": ours.finished,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[500, 2000])
    parser.add_argument("--families", nargs="*", default=list(FAMILIES))
    parser.add_argument("--big", type=int, nargs="*", default=[10_000, 50_000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--one", help=argparse.SUPPRESS)  # family:n, run alone (for --big)
    args = parser.parse_args()
    if args.one:
        family, n = args.one.split(":")
        print(json.dumps(big(family, int(n), args.seed)))
        return

    print(f"{'family':>10} {'n':>6} {'ours/exact':>11} {'greedy/exact':>13} {'bound/exact':>12} "
          f"{'unmatched ours/exact/greedy':>28} {'ours s':>7} {'exact s':>8} {'time ratio':>10}")  # fmt: skip
    worst = 1.0
    for n in args.sizes:
        for family in args.families:
            r = compare(family, n, args.seed + n)
            worst = min(worst, r["ours"])  # type: ignore[type-var]
            left = "/".join(str(u) for u in r["unmatched"])  # type: ignore[attr-defined]
            print(
                f"{family:>10} {n:>6} {r['ours']:>11.4%} {r['greedy']:>13.4%} {r['bound']:>12.4%} "
                f"{left:>28} {r['ours_s']:>7.2f} {r['exact_s']:>8.2f} "
                f"{r['ours_s'] / r['exact_s']:>10.4f}" + ("  (optimal)" if r["exact_path"] else "")
            )
    print(f"worst family: {worst:.4%} of the exact optimum")
    for n in args.big:
        for family in ("programme",):
            out = subprocess.run(
                [sys.executable, __file__, "--one", f"{family}:{n}", "--seed", str(args.seed)],
                capture_output=True,
                text=True,
                check=True,
            )
            r = json.loads(out.stdout)
            print(
                f"n={n} ({family}): {r['seconds']:.1f} s in all, peak memory {r['peak_mb']:.0f} MB, "
                f"{r['pairs']} pairs, {r['unmatched']} unmatched, within {r['gap']:.3%} of the bound"
                + ("" if r["finished"] else " (time budget ran out)")
            )


if __name__ == "__main__":
    main()
