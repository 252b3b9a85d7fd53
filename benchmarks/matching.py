"""Matching benchmark: our round against an exact maximum-weight matching, in one run.

For seeded synthetic programmes (bot/matching/synthetic.py) at n = 200, 500, 1000 and 2000 it compares,
on the same weight matrix: our solver (bot/matching/solver.py), the exact optimum
(rustworkx.max_weight_matching, a dev dependency), a greedy best-first pairing and a random shuffle
(what pairing bots usually do). It prints the total-score ratio to the exact optimum, the time ratio, and
the share of people whose pair is a two-way exchange (each teaches the other something wanted).
Then it runs n = 10,000 alone and reports its time and peak memory.

    .venv/bin/python benchmarks/matching.py [--sizes 200 500 1000 2000] [--big 10000] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.matching.scoring import Population  # noqa: E402
from bot.matching.solver import solve, weight_matrix  # noqa: E402
from bot.matching.synthetic import programme  # noqa: E402


def exact(weights: np.ndarray) -> tuple[list[tuple[int, int]], float, float]:
    import rustworkx as rx

    n = weights.shape[0]
    graph = rx.PyGraph()
    graph.add_nodes_from(range(n))
    rows, cols = np.nonzero(np.triu(weights > 0, 1))  # -inf and non-positive pairs are never worth taking
    graph.add_edges_from([(int(i), int(j), float(weights[i, j])) for i, j in zip(rows, cols, strict=True)])
    start = time.perf_counter()
    # rustworkx wants integer weights; ours are multiples of 0.5, so scaling by 100 loses nothing.
    matching = rx.max_weight_matching(graph, max_cardinality=False, weight_fn=lambda w: round(w * 100))
    seconds = time.perf_counter() - start
    pairs = [(min(a, b), max(a, b)) for a, b in matching]
    return pairs, float(sum(weights[a, b] for a, b in pairs)), seconds


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


def shuffle(weights: np.ndarray, seed: int) -> list[tuple[int, int]]:
    order = list(range(weights.shape[0]))
    random.Random(seed).shuffle(order)
    return [
        (order[t], order[t + 1])
        for t in range(0, len(order) - 1, 2)
        if weights[order[t], order[t + 1]] > -np.inf
    ]


def total(weights: np.ndarray, pairs: list[tuple[int, int]]) -> float:
    return float(sum(weights[a, b] for a, b in pairs))


def two_way_share(population: Population, pairs: list[tuple[int, int]]) -> float:
    people = population.candidates
    two_way = sum(
        2 for a, b in pairs if people[a].teach & people[b].learn and people[b].teach & people[a].learn
    )
    return two_way / len(people)


def ours(population: Population) -> tuple[np.ndarray, list[tuple[int, int]], float, float]:
    start = time.perf_counter()
    weights = weight_matrix(population)
    scored = time.perf_counter()
    matching = solve(weights)
    return weights, matching.pairs, scored - start, time.perf_counter() - scored


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[200, 500, 1000, 2000])
    parser.add_argument("--big", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    print(f"{'n':>6} {'ours/exact':>11} {'greedy/exact':>13} {'random/exact':>13} {'exact s':>8} "
          f"{'ours s':>7} {'(score s)':>9} {'time ratio':>10}  two-way share: ours / exact / greedy / random")  # fmt: skip
    for n in args.sizes:
        candidates, rules = programme(n, seed=args.seed + n)
        population = Population(candidates, rules)
        weights, pairs, score_s, solve_s = ours(population)
        exact_pairs, best, exact_s = exact(weights)
        g, r = greedy(weights), shuffle(weights, args.seed)
        shares = [two_way_share(population, p) for p in (pairs, exact_pairs, g, r)]
        print(
            f"{n:>6} {total(weights, pairs) / best:>11.4%} {total(weights, g) / best:>13.4%} "
            f"{total(weights, r) / best:>13.4%} {exact_s:>8.3f} {solve_s:>7.3f} {score_s:>9.3f} "
            f"{(solve_s + score_s) / exact_s:>10.4f}  " + " / ".join(f"{s:.1%}" for s in shares)
        )
    if args.big:
        candidates, rules = programme(args.big, seed=args.seed + args.big)
        start = time.perf_counter()
        population = Population(candidates, rules)
        weights, pairs, score_s, solve_s = ours(population)
        seconds = time.perf_counter() - start
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"n={args.big}: {seconds:.1f} s in all (scores {score_s:.1f} s, solver {solve_s:.1f} s), "
            f"peak memory {peak_mb:.0f} MB, {len(pairs)} pairs, two-way share {two_way_share(population, pairs):.1%}"
        )


if __name__ == "__main__":
    main()
