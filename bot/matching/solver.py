"""A round's pairing: maximise the total weight of the pairs (maximum-weight matching), fast.

Exact weighted matching (Edmonds' blossom algorithm) written in Python is far too slow for thousands of
people, so a round is solved in three steps, each measured against an exact solver in
benchmarks/matching.py:

1. **Candidate graph.** The weight matrix is computed in blocks of rows (numpy); each person keeps their
   ``k`` best feasible partners, made symmetric. Scores are flat (many equally good partners), so ``k``
   must be generous: at 48 the best matching on the candidate graph is within 0.1% of the full one.
2. **LP relaxation, solved exactly.** The fractional matching LP (each person in at most one pair,
   fractions allowed) is solved through its bipartite double cover: a maximum-weight assignment of
   rows to columns, where row i taking column i means "unmatched" (scipy's sparse Jonker–Volgenant
   solver, in C). Its optimum is an upper bound on any matching; its cycles give the matching: 2-cycles
   are pairs, even cycles split into alternate pairs at no loss, and only odd cycles (rare) lose one
   person, the cheapest to drop.
3. **Local search** then applies any weight-augmenting move until none is left: re-pairing two pairs
   across (a–b, c–d → a–c, b–d), moving someone to a better partner, and augmenting paths of length
   three through an unmatched person. Every move strictly raises the total, so it ends.

Weights of -inf mark infeasible pairs; they are never chosen.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_array
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from bot.matching.scoring import Population

BLOCK_ROWS = 1024
EPS = 1e-6


@dataclass(frozen=True)
class Matching:
    pairs: list[tuple[int, int]]  # row indices, i < j
    unmatched: list[int]
    total: float
    upper_bound: float  # no matching on the candidate graph can do better than this


def solve(
    weights: np.ndarray,
    *,
    k: int = 48,
    max_passes: int = 50,
    deep_depth: int = 3,
    deep_width: int = 10,
    thorough_up_to: int = 300,
) -> Matching:
    """Pair up the rows of a symmetric weight matrix (-inf = not allowed) to maximise the total weight."""
    n = weights.shape[0]
    if n < 2:
        return Matching([], list(range(n)), 0.0, 0.0)
    neighbours = _candidates(weights, k)
    mate, bound, lossy = _relaxation(weights, neighbours)
    for _ in range(max_passes):
        if not _improve(weights, neighbours, mate):
            break
    # Look for longer exchanges: from everyone in programmes of ordinary size, and in large ones where
    # rounding lost something (odd cycles) and around anyone unmatched.
    roots = set(range(n)) if n <= thorough_up_to else lossy | {i for i in range(n) if mate[i] < 0}
    for _ in range(max_passes):
        if not any(
            _deep_improve(weights, neighbours, mate, r, depth=deep_depth, width=deep_width)
            for r in sorted(roots)
        ):
            break
    pairs = sorted({(min(i, m), max(i, m)) for i, m in enumerate(mate) if m >= 0})
    total = float(sum(weights[i, j] for i, j in pairs))
    return Matching(pairs, [i for i in range(n) if mate[i] < 0], total, max(bound, total))


def _relaxation(weights: np.ndarray, neighbours: list[list[int]]) -> tuple[list[int], float, set[int]]:
    """Solve the fractional matching LP on the candidate graph and round it.

    Returns the matching (mate per row), the LP bound, and the rows of odd cycles (where rounding lost)."""
    n = weights.shape[0]
    rows, cols, vals = [], [], []
    for i, ns in enumerate(neighbours):
        for j in ns:
            if weights[i, j] > 0:  # a pair worth less than two people unmatched is never chosen
                rows.append(i)
                cols.append(j)
                vals.append(float(weights[i, j]))
    if not rows:
        return [-1] * n, 0.0, set()
    values = np.array(vals)
    # Row i taking column i means "i stays unmatched" (weight 0). The solver ignores explicit zeros and
    # the assignment is always complete (n entries), so shifting every weight by the same amount is harmless.
    shift = 1.0
    matrix = csr_array(
        (
            np.concatenate([values + shift, np.full(n, shift)]),
            (np.array(rows + list(range(n))), np.array(cols + list(range(n)))),
        ),
        shape=(n, n),
    )
    row_ind, col_ind = min_weight_full_bipartite_matching(matrix, maximize=True)
    succ = np.empty(n, dtype=np.int64)
    succ[row_ind] = col_ind
    bound = float(sum(weights[i, succ[i]] for i in range(n) if succ[i] != i)) / 2
    mate = [-1] * n
    lossy: set[int] = set()
    seen = [False] * n
    for start in range(n):
        if seen[start] or succ[start] == start:
            seen[start] = True
            continue
        cycle = []
        v = start
        while not seen[v]:
            seen[v] = True
            cycle.append(v)
            v = int(succ[v])
        _round_cycle(weights, cycle, mate)
        if len(cycle) % 2:
            lossy.update(cycle)
    return mate, bound, lossy


def _round_cycle(weights: np.ndarray, cycle: list[int], mate: list[int]) -> None:
    """Turn one cycle of the assignment into pairs: alternate edges, dropping one person if it is odd."""
    if len(cycle) % 2:
        # Drop the person whose removal leaves the heaviest alternate path.
        best, best_value = None, -np.inf
        for d in range(len(cycle)):
            path = cycle[d + 1 :] + cycle[:d]
            value = sum(weights[path[t], path[t + 1]] for t in range(0, len(path) - 1, 2))
            if value > best_value:
                best, best_value = path, value
        assert best is not None
        pairs = [(best[t], best[t + 1]) for t in range(0, len(best) - 1, 2)]
    else:
        first = [(cycle[t], cycle[t + 1]) for t in range(0, len(cycle), 2)]
        second = [(cycle[t + 1], cycle[(t + 2) % len(cycle)]) for t in range(0, len(cycle), 2)]
        pairs = max(first, second, key=lambda ps: sum(weights[a, b] for a, b in ps))
    for a, b in pairs:
        if weights[a, b] > 0:
            mate[a], mate[b] = b, a


def weight_matrix(population: Population) -> np.ndarray:
    n = len(population)
    out = np.empty((n, n), dtype=np.float32)
    for start in range(0, n, BLOCK_ROWS):
        out[start : start + BLOCK_ROWS] = population.score_rows(start, min(n, start + BLOCK_ROWS))
    return out


def _candidates(weights: np.ndarray, k: int) -> list[list[int]]:
    """Each row's k best feasible partners, best first, made symmetric (if j lists i, i lists j)."""
    n = weights.shape[0]
    k = min(k, n - 1)
    lists: list[set[int]] = [set() for _ in range(n)]
    for start in range(0, n, BLOCK_ROWS):  # in blocks: a full argpartition of n×n would need 8n² bytes
        block = weights[start : start + BLOCK_ROWS]
        top = np.argpartition(block, kth=n - k, axis=1)[:, n - k :]
        for offset, row in enumerate(top):
            i = start + offset
            for j in row[block[offset, row] > -np.inf].tolist():
                if j != i:
                    lists[i].add(j)
                    lists[j].add(i)
    return [sorted(s, key=lambda j, i=i: -weights[i, j]) for i, s in enumerate(lists)]


def _improve(weights: np.ndarray, neighbours: list[list[int]], mate: list[int]) -> bool:
    """One pass of local search; True if anything got better."""
    W = weights  # noqa: N806 - the matrix

    def w(i: int, j: int) -> float:
        return float(W[i, j]) if i >= 0 and j >= 0 else 0.0

    improved = False
    for u in range(len(mate)):
        for x in neighbours[u]:
            mu, mx = mate[u], mate[x]
            if mu == x:
                continue
            here = w(u, mu) + w(x, mx)
            # u–x together; their old partners either pair with each other or go free.
            swap = w(u, x) + (w(mu, mx) if mu >= 0 and mx >= 0 else 0.0)
            if swap > here + EPS and (mu < 0 or mx < 0 or W[mu, mx] > -np.inf or w(u, x) > here + EPS):
                if mu >= 0 and mx >= 0 and W[mu, mx] > -np.inf:
                    _pair(mate, mu, mx)
                else:
                    for old in (mu, mx):
                        if old >= 0:
                            mate[old] = -1
                _pair(mate, u, x)
                improved = True
                continue
            # Augmenting path u–x, mx–z: the person x leaves gets a free partner z.
            if mu < 0 and mx >= 0:
                for z in neighbours[mx]:
                    if mate[z] < 0 and z != u and w(u, x) + w(mx, z) > w(x, mx) + EPS:
                        _pair(mate, u, x)
                        _pair(mate, mx, z)
                        improved = True
                        break
    return improved


def _deep_improve(
    weights: np.ndarray, neighbours: list[list[int]], mate: list[int], root: int, *, depth: int, width: int
) -> bool:
    """Search alternating paths and cycles from `root` (up to `depth` new pairs) for one that raises the
    total; apply the first found. Each step pairs the open end with a neighbour y and frees y's partner,
    which becomes the new open end; the exchange closes by pairing that end with the root's old partner,
    with a free person, or by leaving it free."""
    W = weights  # noqa: N806 - the matrix
    root_mate = mate[root]
    start_gain = -float(W[root, root_mate]) if root_mate >= 0 else 0.0

    def close(end: int, gain: float, new: list[tuple[int, int]]) -> list[tuple[int, int]] | None:
        if gain > EPS:
            return new  # leave `end` (and the root's old partner) free
        closes = root_mate >= 0 and end != root_mate and W[end, root_mate] > -np.inf
        if closes and gain + float(W[end, root_mate]) > EPS:
            return [*new, (end, root_mate)]
        return None

    def walk(end: int, gain: float, new: list[tuple[int, int]], used: set[int], left: int) -> list | None:
        for y in neighbours[end][:width]:
            if y in used:
                continue
            g = gain + float(W[end, y])
            my = mate[y]
            if my < 0:
                if g > EPS:
                    return [*new, (end, y)]
                continue
            if my in used:
                continue
            g -= float(W[y, my])
            found = close(my, g, [*new, (end, y)])
            if found is None and left > 1:
                found = walk(my, g, [*new, (end, y)], used | {y, my}, left - 1)
            if found is not None:
                return found
        return None

    used = {root} | ({root_mate} if root_mate >= 0 else set())
    change = walk(root, start_gain, [], used, depth)
    if change is None:
        return False
    touched = {v for edge in change for v in edge} | {root}
    for v in touched:
        old = mate[v]
        if old >= 0:
            mate[old] = -1
        mate[v] = -1
    for a, b in change:
        mate[a], mate[b] = b, a
    return True


def _pair(mate: list[int], a: int, b: int) -> None:
    for person in (a, b):
        old = mate[person]
        if old >= 0 and mate[old] == person:
            mate[old] = -1
    mate[a], mate[b] = b, a


def best_trio(weights: np.ndarray, person: int, pairs: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The pair the odd person out fits best with (feasible with both), or None."""
    best, best_gain = None, -np.inf
    for a, b in pairs:
        gain = weights[person, a] + weights[person, b]
        if gain > best_gain and weights[person, a] > -np.inf and weights[person, b] > -np.inf:
            best, best_gain = (a, b), gain
    return best
