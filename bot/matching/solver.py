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


@dataclass
class _Graph:
    """The candidate graph: each row's feasible partners, best first, with their weights as floats."""

    neighbours: list[list[int]]
    weights: list[list[float]]
    rows: np.ndarray  # every candidate edge, both directions
    cols: np.ndarray
    values: np.ndarray


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
    graph = _candidates(weights, k)
    mate, bound, lossy = _relaxation(weights, graph)
    state = _State(weights, graph, mate)
    for _ in range(max_passes):
        if not state.improve():
            break
    # Look for longer exchanges: from everyone in programmes of ordinary size, and in large ones where
    # rounding lost something (odd cycles) and around anyone unmatched.
    roots = set(range(n)) if n <= thorough_up_to else lossy | {i for i in range(n) if mate[i] < 0}
    for _ in range(max_passes):
        if not any(state.deep_improve(r, depth=deep_depth, width=deep_width) for r in sorted(roots)):
            break
    pairs = sorted({(min(i, m), max(i, m)) for i, m in enumerate(mate) if m >= 0})
    total = float(sum(weights[i, j] for i, j in pairs))
    return Matching(pairs, [i for i in range(n) if mate[i] < 0], total, max(bound, total))


def weight_matrix(population: Population) -> np.ndarray:
    n = len(population)
    out = np.empty((n, n), dtype=np.float32)
    for start in range(0, n, BLOCK_ROWS):
        out[start : start + BLOCK_ROWS] = population.score_rows(start, min(n, start + BLOCK_ROWS))
    return out


def _candidates(weights: np.ndarray, k: int) -> _Graph:
    """Each row's k best feasible partners, made symmetric (if j lists i, i lists j), best first."""
    n = weights.shape[0]
    k = min(k, n - 1)
    found_rows, found_cols = [], []
    for start in range(0, n, BLOCK_ROWS):  # in blocks: a full argpartition of n×n would need 8n² bytes
        block = weights[start : start + BLOCK_ROWS]
        top = np.argpartition(block, kth=n - k, axis=1)[:, n - k :]
        rows = np.repeat(np.arange(start, start + block.shape[0]), k)
        cols = top.ravel()
        keep = (block[rows - start, cols] > -np.inf) & (rows != cols)
        found_rows.append(rows[keep])
        found_cols.append(cols[keep])
    rows = np.concatenate(found_rows + found_cols).astype(np.int64)
    cols = np.concatenate(found_cols + found_rows).astype(np.int64)
    keys = np.unique(rows * n + cols)
    rows, cols = keys // n, keys % n
    values = weights[rows, cols].astype(np.float64)
    order = np.lexsort((-values, rows))
    rows, cols, values = rows[order], cols[order], values[order]
    splits = np.cumsum(np.bincount(rows, minlength=n))[:-1]
    return _Graph(
        neighbours=[part.tolist() for part in np.split(cols, splits)],
        weights=[part.tolist() for part in np.split(values, splits)],
        rows=rows,
        cols=cols,
        values=values,
    )


def _relaxation(weights: np.ndarray, graph: _Graph) -> tuple[list[int], float, set[int]]:
    """Solve the fractional matching LP on the candidate graph and round it.

    Returns the matching (mate per row), the LP bound, and the rows of odd cycles (where rounding lost)."""
    n = weights.shape[0]
    worth = graph.values > 0  # a pair worth less than two people unmatched is never chosen
    if not worth.any():
        return [-1] * n, 0.0, set()
    # Row i taking column i means "i stays unmatched" (weight 0). The solver ignores explicit zeros and
    # the assignment is always complete (n entries), so shifting every weight by the same amount is harmless.
    shift = 1.0
    diagonal = np.arange(n)
    matrix = csr_array(
        (
            np.concatenate([graph.values[worth] + shift, np.full(n, shift)]),
            (np.concatenate([graph.rows[worth], diagonal]), np.concatenate([graph.cols[worth], diagonal])),
        ),
        shape=(n, n),
    )
    row_ind, col_ind = min_weight_full_bipartite_matching(matrix, maximize=True)
    succ = np.empty(n, dtype=np.int64)
    succ[row_ind] = col_ind
    moved = succ != diagonal
    bound = float(weights[diagonal[moved], succ[moved]].astype(np.float64).sum()) / 2
    mate = [-1] * n
    lossy: set[int] = set()
    seen = (~moved).tolist()
    successor = succ.tolist()
    for start in range(n):
        if seen[start]:
            continue
        cycle = []
        v = start
        while not seen[v]:
            seen[v] = True
            cycle.append(v)
            v = successor[v]
        _round_cycle(weights, cycle, mate)
        if len(cycle) % 2:
            lossy.update(cycle)
    return mate, bound, lossy


def _round_cycle(weights: np.ndarray, cycle: list[int], mate: list[int]) -> None:
    """Turn one cycle of the assignment into pairs: alternate edges, dropping one person if it is odd."""
    if len(cycle) == 2:
        a, b = cycle
        mate[a], mate[b] = b, a
        return
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


class _State:
    """The matching being improved, with each row's current pair weight kept at hand."""

    def __init__(self, weights: np.ndarray, graph: _Graph, mate: list[int]) -> None:
        self.W = weights
        self.graph = graph
        self.mate = mate
        self.held = [float(weights[i, m]) if m >= 0 else 0.0 for i, m in enumerate(mate)]
        # No pair with row i can weigh more than this: prunes most swaps without a lookup.
        self.row_max = weights.max(axis=1).astype(np.float64).tolist()

    def w(self, i: int, j: int) -> float:
        return float(self.W[i, j])

    def unpair(self, v: int) -> None:
        old = self.mate[v]
        if old >= 0:
            self.mate[old], self.held[old] = -1, 0.0
        self.mate[v], self.held[v] = -1, 0.0

    def pair(self, a: int, b: int, weight: float | None = None) -> None:
        self.unpair(a)
        self.unpair(b)
        weight = self.w(a, b) if weight is None else weight
        self.mate[a], self.mate[b] = b, a
        self.held[a] = self.held[b] = weight

    def improve(self) -> bool:
        """One pass of local search; True if anything got better."""
        mate, held, row_max = self.mate, self.held, self.row_max
        neighbours, nweights = self.graph.neighbours, self.graph.weights
        improved = False
        for u in range(len(mate)):
            for idx, x in enumerate(neighbours[u]):
                mu, mx = mate[u], mate[x]
                if mu == x:
                    continue
                wux = nweights[u][idx]
                here = held[u] + held[x]
                if mu >= 0 and mx >= 0:
                    # Re-pair across: u–x and mu–mx.
                    if wux + row_max[mu] <= here + EPS:
                        continue
                    wm = self.w(mu, mx)
                    if wux + wm > here + EPS:
                        self.pair(u, x, wux)
                        self.pair(mu, mx, wm)
                        improved = True
                    continue
                if wux > here + EPS:  # u–x together; the partner one of them leaves goes free
                    self.pair(u, x, wux)
                    improved = True
                    continue
                if mu < 0 and mx >= 0:
                    # Augmenting path u–x, mx–z: the person x leaves gets a free partner z.
                    for zdx, z in enumerate(neighbours[mx]):
                        if mate[z] < 0 and z != u and wux + nweights[mx][zdx] > held[x] + EPS:
                            self.pair(u, x, wux)
                            self.pair(mx, z, nweights[mx][zdx])
                            improved = True
                            break
        return improved

    def deep_improve(self, root: int, *, depth: int, width: int) -> bool:
        """Search alternating paths and cycles from `root` (up to `depth` new pairs) for one that raises
        the total; apply the first found. Each step pairs the open end with a neighbour y and frees y's
        partner, which becomes the new open end; the exchange closes by pairing that end with the root's
        old partner, with a free person, or by leaving it free."""
        mate, W = self.mate, self.W  # noqa: N806 - the matrix
        neighbours, nweights = self.graph.neighbours, self.graph.weights
        root_mate = mate[root]
        start_gain = -self.held[root] if root_mate >= 0 else 0.0

        def close(end: int, gain: float, new: list[tuple[int, int]]) -> list[tuple[int, int]] | None:
            if gain > EPS:
                return new  # leave `end` (and the root's old partner) free
            closes = root_mate >= 0 and end != root_mate and W[end, root_mate] > -np.inf
            if closes and gain + float(W[end, root_mate]) > EPS:
                return [*new, (end, root_mate)]
            return None

        def walk(
            end: int, gain: float, new: list[tuple[int, int]], used: set[int], left: int
        ) -> list[tuple[int, int]] | None:
            for idx, y in enumerate(neighbours[end][:width]):
                if y in used:
                    continue
                g = gain + nweights[end][idx]
                my = mate[y]
                if my < 0:
                    if g > EPS:
                        return [*new, (end, y)]
                    continue
                if my in used:
                    continue
                g -= self.held[y]
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
        for v in {v for edge in change for v in edge} | {root}:
            self.unpair(v)
        for a, b in change:
            self.pair(a, b)
        return True


def best_trio(weights: np.ndarray, person: int, pairs: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The pair the odd person out fits best with (feasible with both), or None."""
    best, best_gain = None, -np.inf
    for a, b in pairs:
        gain = weights[person, a] + weights[person, b]
        if gain > best_gain and weights[person, a] > -np.inf and weights[person, b] > -np.inf:
            best, best_gain = (a, b), gain
    return best
