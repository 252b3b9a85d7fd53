"""A round's pairing: the maximum-weight matching of everyone, and a bound that certifies how close it is.

Small programmes (up to EXACT_UP_TO people, well under a second) are solved exactly (Edmonds' blossom
algorithm, rustworkx). Larger ones in four steps, each measured against the exact solver in
benchmarks/matching.py:

1. **Candidate graph.** Every pair is looked at once (bot.matching.kernels: compiled, in bounded memory)
   and each person keeps their ``k`` best partners, ties broken at random (seeded per round), plus a few
   partners drawn at random — so no whole class of partners (say, the other juniors when seniors score
   higher) is missing from the start.
2. **LP relaxation, with its duals.** The fractional matching LP on the candidate graph is solved through
   its bipartite double cover: a maximum-weight assignment where row i taking column i means "unmatched",
   on integer weights, by auction (bot.matching.kernels.auction, with ε-scaling: optimal, and its prices
   are the duals y, with y_i + y_j ≥ w_ij on every candidate pair). Should the auction ever give up (a
   price war), scipy's sparse Jonker–Volgenant solver takes over, its duals found by shortest paths.
3. **Pricing.** Every pair outside the graph is checked against the duals, each pair once: any with
   w_ij > y_i + y_j could improve the round, so the most promising are added and step 2 runs again, until
   none is left, the bound is within GAP_TOLERANCE, or another pass would not fit in the budget's share.
   A pass yields a true bound on the *whole programme* at no extra cost: each pair's excess over its
   prices is covered by raising the price of its first person, and those raised prices, which satisfy
   every pair, sum to the bound; once nothing is left to add it equals the LP's value.
4. **Rounding, repair and local search.** The LP's cycles give the matching (2-cycles are pairs, even
   cycles split at no loss, odd ones lose one person); the people around the odd cycles and anyone left
   unmatched are re-paired exactly (blossom, on that part of the graph); then any weight-raising exchange
   is applied until none is left.

A round has a time budget: when it runs out the solver stops improving and returns its best matching with
the last true bound, and says it stopped early. Weights of -inf (or NaN) mark pairs that are not allowed.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from scipy.sparse import csr_array
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from bot.matching import kernels

EXACT_UP_TO = 500  # people: the exact solver takes about 0.2 s at 500, and grows as n³
K = 24  # each person's best partners kept in the candidate graph…
RANDOM_PARTNERS = 4  # …and a few more drawn at random
TIGHT_CAP = 24  # partners worth both people's best, per person, for the certificate of a dense matrix
PER_ROW = 12  # pairs added per person in a pricing pass
MAX_PRICING = 30
GAP_TOLERANCE = 1e-4  # stop pricing once the pairs outside the graph could add at most this share
EPS = 1e-6
BUDGET_SECONDS = 120.0
PRICING_SHARE = 0.5  # of the budget, at most, for passes of LP and pricing; local search has the rest…
MIN_PASSES = 2  # …though the first pass's bound is loose where the first graph was poor: always a second


class Scorer(Protocol):
    """What the solver asks of a programme: any pair's weight, each person's best partners, and a pricing
    pass over every pair. bot.matching.scoring.Population answers in bounded memory; DenseWeights wraps a
    weight matrix."""

    @property
    def n(self) -> int: ...

    def weights(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray: ...

    def weight(self, i: int, j: int) -> float: ...

    def weights_with(self, i: int) -> np.ndarray: ...

    def best_partners(self, k: int, seed: int) -> tuple[np.ndarray, np.ndarray]: ...

    def tight_partners(self, cap: int, seed: int) -> Tight | None:
        """Each person's exact best weight, and up to `cap` partners worth both people's best (CSR), when
        the scorer can find them in one cheap pass; None when it can't (the candidate graph is used)."""
        ...

    def price(self, y: np.ndarray, eps: float, per_row: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Against duals y, over every pair: a cover (≥ 0, with y + cover ≥ every pair's weight, split
        between its two people: a true bound is then Σ (y + cover)), and pairs whose weight exceeds both
        prices by eps, best first, up to per_row for each person (partner or -1, by how much)."""
        ...


@dataclass(frozen=True)
class Matching:
    pairs: list[tuple[int, int]]  # row indices, i < j
    unmatched: list[int]
    total: float
    upper_bound: float  # no pairing of the whole programme can do better than this
    exact: bool = False  # solved exactly: the total is the optimum
    finished: bool = True  # False: the time budget ran out first (the bound still holds)

    @property
    def gap(self) -> float:
        """How far the total may be from the best possible, as a share of the bound (0 when optimal)."""
        return 0.0 if self.upper_bound <= 0 else max(0.0, 1 - self.total / self.upper_bound)


@dataclass(frozen=True)
class Tight:
    """Each person's best weight with anyone (0 if nobody is worth pairing with) and, as CSR, partners
    worth both people's best."""

    row_max: np.ndarray
    ptr: np.ndarray
    nbr: np.ndarray
    nw: np.ndarray


class DenseWeights:
    """A symmetric weight matrix of any float dtype as a Scorer (-inf or NaN: not allowed)."""

    def __init__(self, matrix: np.ndarray) -> None:
        w = np.array(matrix, dtype=np.float64)
        w[np.isnan(w)] = -np.inf
        np.fill_diagonal(w, -np.inf)
        self.w = w

    @property
    def n(self) -> int:
        return int(self.w.shape[0])

    def weights(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        return np.asarray(self.w[np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)])

    def weight(self, i: int, j: int) -> float:
        return float(self.w[i, j])

    def weights_with(self, i: int) -> np.ndarray:
        return np.asarray(self.w[i])

    def best_partners(self, k: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
        found, weights = kernels.locked(kernels.dense_best_partners, self.w, min(k, self.n - 1), seed)
        return found, weights

    def tight_partners(self, cap: int, seed: int) -> Tight | None:
        row_max = np.maximum(self.w.max(axis=1), 0.0)
        ptr, nbr, nw = kernels.locked(kernels.dense_tight, self.w, row_max, min(cap, self.n - 1), seed)
        return Tight(row_max, ptr, nbr, nw)

    def price(self, y: np.ndarray, eps: float, per_row: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        reduced = self.w - y[None, :] - y[:, None]
        cover = np.maximum(np.triu(np.nan_to_num(reduced, neginf=0.0), 1).max(axis=1), 0.0)
        per_row = min(per_row, self.n - 1)
        top = np.argpartition(-reduced, per_row - 1, axis=1)[:, :per_row]
        values = np.take_along_axis(reduced, top, axis=1)
        return cover, np.where(values > eps, top, -1), values


def as_scorer(weights: np.ndarray | Scorer) -> Scorer:
    return DenseWeights(weights) if isinstance(weights, np.ndarray) else weights


def solve(
    weights: np.ndarray | Scorer,
    *,
    seed: int = 0,
    budget: float = BUDGET_SECONDS,
    clock: Callable[[], float] = time.monotonic,
    exact_up_to: int = EXACT_UP_TO,
    k: int = K,
) -> Matching:
    """Pair up people to maximise the total weight; with a true upper bound on any pairing of them all."""
    scorer = as_scorer(weights)
    n = scorer.n
    if n < 2:
        return Matching([], list(range(n)), 0.0, 0.0, exact=True)
    start = clock()
    deadline, pricing_until = start + budget, start + PRICING_SHARE * budget
    if n <= exact_up_to:
        return _exact(scorer)
    tight = scorer.tight_partners(TIGHT_CAP, seed)
    best = _everyone_at_best(scorer, tight, slack=0.0) if tight is not None else None
    if best is not None:
        return best
    graph = _Graph.start(scorer, k=k, seed=seed)
    if tight is None:  # the candidate graph's best partners: row_max within TIE of the true best
        best = _everyone_at_best(
            scorer, Tight(graph.row_max, graph.ptr, graph.cols, graph.values), slack=kernels.TIE
        )
        if best is not None:
            return best
    bound, in_time = math.inf, True
    eps = EPS * graph.scale_hint
    for passes in range(1, MAX_PRICING + 1):
        began = clock()
        assignment, y = graph.relaxation()
        cover, found, _ = scorer.price(y, eps, PER_ROW)
        bound = min(bound, _bound(y, cover))
        if bound - float(y.sum()) <= GAP_TOLERANCE * bound:
            break  # what pairs outside the graph could still add is too little to be worth another pass
        if not graph.add(found):
            break  # nothing outside the graph could improve it: the bound is the whole programme's LP
        now = clock()
        if now > deadline:
            in_time = False
            break
        if passes >= MIN_PASSES and now + 1.5 * (now - began) > pricing_until:
            break  # another pass (on a larger graph) would not fit: local search uses the pairs just added
    else:
        assignment, y = graph.relaxation()
    mate = graph.round(assignment)
    if graph.tied and len(graph.lossy) > LOSSY_UP_TO:
        # Ties left the LP's optimum full of odd cycles: re-pairing them all exactly would cost nearly an
        # exact solve. The LP again with its ties broken is integral almost everywhere instead.
        mate = graph.round(graph.relaxation(nudged=True)[0])
    repaired = _repair(scorer, graph, mate)
    state = _State(scorer, graph, mate)
    finished = state.improve_until(deadline, clock, settled=repaired) and in_time
    pairs = state.pairs()
    total = float(scorer.weights(np.array([a for a, _ in pairs]), np.array([b for _, b in pairs])).sum())
    return Matching(pairs, state.unmatched(), total, max(bound, total), exact=False, finished=finished)


def _everyone_at_best(scorer: Scorer, tight: Tight, *, slack: float) -> Matching | None:
    """The optimum at once when everyone can be paired with someone they are each other's best for (as a
    small catalogue's ties allow): half of each person's best weight is then a dual of the whole
    programme's LP that the pairing meets with equality. None when these partners hold no such pairing
    (most programmes: then it fails fast, on someone with no such partner). `slack`: how far row_max may
    be below each person's true best."""
    n = scorer.n
    ok, mate = kernels.tight_matching(
        tight.row_max, tight.ptr, tight.nbr, tight.nw, kernels.TIE, 20 * (len(tight.nbr) + n)
    )
    if not ok:
        return None
    firsts = np.nonzero(mate > np.arange(n))[0]
    pairs = [(int(a), int(mate[a])) for a in firsts.tolist()]
    total = float(scorer.weights(firsts, mate[firsts]).sum())
    bound = float((tight.row_max[tight.row_max > 0] + slack).sum() / 2)
    unmatched = np.nonzero(mate < 0)[0].tolist()
    return Matching(pairs, unmatched, total, max(bound, total), exact=bound - total <= n * kernels.TIE)


REPAIR_UP_TO = 3000  # people re-paired exactly around where rounding lost
TIE_UNITS = 256  # the relaxation's tie-breaking nudge, in units of its integer weights (max 2^30)…
LOSSY_UP_TO = 1000  # …used when more people than this are in the LP's odd cycles


def _repair(scorer: Scorer, graph: _Graph, mate: list[int]) -> set[int]:
    """Re-pair exactly the people around the LP's odd cycles and anyone left unmatched (with their
    partners, and their best candidates and theirs): the blossom algorithm on that part of the graph,
    everyone else's pairs kept. Rounding an odd cycle loses; this is where the loss can be won back.
    Returns the people re-paired (their pairs are the best the graph allows among them)."""
    n = graph.n
    inside = np.zeros(n, dtype=bool)
    seeds = sorted(graph.lossy | {i for i in range(n) if mate[i] < 0})
    if not seeds:
        return set()
    inside[seeds] = True
    for _ in range(2):  # grow: best candidates, then everyone's partners (so every pair stays whole)
        members = np.nonzero(inside)[0].tolist()
        for i in members[: REPAIR_UP_TO // 5]:
            inside[graph.partners(i, 4)[0]] = True
        partners = [mate[i] for i in np.nonzero(inside)[0].tolist() if mate[i] >= 0]
        inside[partners] = True
        if len(members) >= REPAIR_UP_TO // 5:
            break
    region = np.nonzero(inside)[0]
    keep = inside[graph.rows] & inside[graph.cols] & (graph.rows < graph.cols) & (graph.values > 0)
    rows, cols, values = graph.rows[keep], graph.cols[keep], graph.values[keep]
    # The current pairs are candidates too (local moves may have used pairs outside the graph).
    firsts = np.array([i for i in region.tolist() if mate[i] > i], dtype=np.int64)
    seconds = np.array([mate[i] for i in firsts.tolist()], dtype=np.int64)
    held = scorer.weights(firsts, seconds)
    rows, cols, values = (
        np.concatenate([rows, firsts]),
        np.concatenate([cols, seconds]),
        np.concatenate([values, held]),
    )
    before = float(held.sum())
    pairs = _blossom(rows, cols, values)
    ends = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    if float(scorer.weights(ends[:, 0], ends[:, 1]).sum()) > before + EPS:
        for i in region.tolist():
            mate[i] = -1
        for a, b in pairs:
            mate[a], mate[b] = b, a
    return set(region.tolist())


def _blossom(rows: np.ndarray, cols: np.ndarray, values: np.ndarray) -> list[tuple[int, int]]:
    """A maximum-weight matching of these pairs (Edmonds' blossom algorithm, rustworkx, integer weights)."""
    import rustworkx as rx

    keep = values > 0
    rows, cols, values = rows[keep], cols[keep], values[keep]
    nodes = np.unique(np.concatenate([rows, cols]))
    index = {int(v): k for k, v in enumerate(nodes.tolist())}
    graph = rx.PyGraph()
    graph.add_nodes_from(nodes.tolist())
    ints = np.rint(values * _scale(values)).astype(np.int64)
    graph.add_edges_from(
        [(index[a], index[b], w) for a, b, w in zip(rows.tolist(), cols.tolist(), ints.tolist(), strict=True)]
    )
    found = rx.max_weight_matching(graph, max_cardinality=False, weight_fn=int)
    return sorted((min(int(nodes[a]), int(nodes[b])), max(int(nodes[a]), int(nodes[b]))) for a, b in found)


def _bound(y: np.ndarray, cover: np.ndarray) -> float:
    """A bound on any pairing of everyone: prices raised by a cover of what every pair is worth over them
    (y_i + cover_i + y_j + cover_j ≥ w_ij for every pair, all ≥ 0: a feasible dual), summed."""
    return float((y + cover).sum())


def _exact(scorer: Scorer) -> Matching:
    """The optimum, by Edmonds' blossom algorithm over every pair worth taking."""
    n = scorer.n
    rows, cols = np.triu_indices(n, 1)
    pairs = _blossom(rows, cols, scorer.weights(rows, cols))
    total = float(scorer.weights(np.array([a for a, _ in pairs]), np.array([b for _, b in pairs])).sum())
    paired = {v for p in pairs for v in p}
    return Matching(pairs, [i for i in range(n) if i not in paired], total, total, exact=True)


def _scale(values: np.ndarray) -> float:
    """A power of two that turns these weights into integers of at most 2^30 (exact in float64 sums)."""
    top = float(np.abs(values).max()) if len(values) else 1.0
    return float(2.0 ** math.floor(math.log2((2**30) / max(top, 1e-12))))


def _one_of_each(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct keys, sorted, and where one of each occurs (np.unique's answer, by numpy's sort: its
    hashing unique took 6 s on the 3 million keys of a 50,000-person graph, a stable sort a fifth of that).
    Which of equal keys is kept doesn't matter: a pair's weight is the same wherever it was found."""
    order = np.argsort(keys)
    ordered = keys[order]
    first = np.ones(len(keys), dtype=bool)
    first[1:] = ordered[1:] != ordered[:-1]
    return ordered[first], order[first]


class _Graph:
    """The candidate graph: each person's partners, best first, with their weights."""

    def __init__(self, scorer: Scorer, rows: np.ndarray, cols: np.ndarray, values: np.ndarray) -> None:
        self.scorer = scorer
        self.n = scorer.n
        self.keys = np.zeros(0, dtype=np.int64)
        self.rows, self.cols, self.values = rows[:0], cols[:0], values[:0]
        self.scale_hint = 1.0
        self.row_max = np.zeros(self.n)  # each person's best weight with anyone (0 if none is worth it)
        self.lossy: set[int] = set()  # people in the LP's odd cycles, where rounding may have lost
        self._merge(rows, cols, values)

    @classmethod
    def start(cls, scorer: Scorer, *, k: int, seed: int) -> _Graph:
        n = scorer.n
        found, weights = scorer.best_partners(min(k, n - 1), seed)
        rows = np.repeat(np.arange(n), found.shape[1])
        cols, values = found.ravel(), weights.ravel()
        keep = cols >= 0
        rows, cols, values = rows[keep], cols[keep], values[keep]
        rng = np.random.default_rng(seed)
        extra_rows = np.repeat(np.arange(n), RANDOM_PARTNERS)
        extra_cols = rng.integers(0, n, size=len(extra_rows))
        extra = scorer.weights(extra_rows, extra_cols)
        worth = extra > 0
        graph = cls(
            scorer,
            np.concatenate([rows, extra_rows[worth]]),
            np.concatenate([cols, extra_cols[worth]]),
            np.concatenate([values, extra[worth]]),
        )
        if weights.shape[1]:
            graph.row_max = np.where(weights[:, 0] > 0, weights[:, 0], 0.0)
        return graph

    def _merge(self, rows: np.ndarray, cols: np.ndarray, values: np.ndarray) -> int:
        """Add pairs (both ways round); how many were new."""
        n = self.n
        rows, cols = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
        all_rows = np.concatenate([self.rows, rows, cols])
        all_cols = np.concatenate([self.cols, cols, rows])
        all_values = np.concatenate([self.values, values, values])
        keys, first = _one_of_each(all_rows * n + all_cols)
        added = len(keys) - len(self.keys)
        rows, cols, values = all_rows[first], all_cols[first], all_values[first]  # by row, then column
        self.ptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=n))]).astype(np.int64)
        order = kernels.locked(kernels.best_first, self.ptr, np.ascontiguousarray(values, dtype=np.float64))
        self.rows, self.cols, self.values, self.keys = rows[order], cols[order], values[order], keys
        self.scale_hint = float(np.abs(self.values).max()) if len(self.values) else 1.0
        # Few distinct weights (a small catalogue, a coarse score): the relaxation breaks their ties.
        self.tied = len(values) > 0 and len(np.unique(values)) * 2 < len(values)
        return added

    def partners(self, i: int, most: int) -> tuple[list[int], list[float]]:
        """i's best `most` partners in the graph, and their weights."""
        lo = int(self.ptr[i])
        hi = min(int(self.ptr[i + 1]), lo + most)
        return self.cols[lo:hi].tolist(), self.values[lo:hi].tolist()

    def add(self, found: np.ndarray) -> int:
        """Add the pairs a pricing pass found (partners, -1 where none); how many were new."""
        rows = np.repeat(np.arange(self.n), found.shape[1])
        cols = found.ravel()
        keep = cols >= 0
        rows, cols = rows[keep], cols[keep]
        wanted = rows * self.n + cols
        at = np.minimum(np.searchsorted(self.keys, wanted), max(len(self.keys) - 1, 0))
        fresh = self.keys[at] != wanted if len(self.keys) else np.ones(len(wanted), dtype=bool)
        rows, cols = rows[fresh], cols[fresh]
        if not len(rows):
            return 0
        return self._merge(rows, cols, self.scorer.weights(rows, cols))

    def relaxation(self, *, nudged: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """The fractional matching LP on this graph: the optimal assignment of the double cover (each
        row's column; its own means unmatched) and the dual prices y (y_i + y_j ≥ w_ij here, y ≥ 0).
        By auction (bot.matching.kernels.auction: a cold start with ε-scaling is faster than a warm one);
        should it ever stop at its bid limit, by scipy's sparse assignment solver instead. `nudged`: ties
        broken by a small symmetric nudge to each pair (under TIE_UNITS units; a weight's own unit is
        thousands of them), so the optimum found is one of the LP's and integral almost everywhere; the
        duals are then the nudged weights', so only the assignment is used."""
        n = self.n
        scale = _scale(self.values)
        price, assigned = np.zeros(n), np.full(n, -1, dtype=np.int64)
        worth = self.values > 0
        rows = np.concatenate([self.rows[worth], np.arange(n)])
        cols = np.concatenate([self.cols[worth], np.arange(n)])
        ints = np.rint(self.values[worth] * scale)
        if nudged:
            ints += np.floor(kernels.nudges(self.rows[worth], self.cols[worth], 0) * TIE_UNITS)
        ints = np.concatenate([ints, np.zeros(n)])
        order = np.argsort(rows, kind="stable")
        cols, ints = cols[order], ints[order]
        ptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=n))]).astype(np.int64)
        if not kernels.auction(n, ptr, cols, ints, price, assigned, 1.0 / (n + 1), 100 * (len(cols) + n)):
            return self._assignment_solver()
        # Exact dual prices from the auction's: each row's best profit at the final prices.
        profit = np.maximum.reduceat(ints - price[cols], ptr[:-1])
        return assigned, np.maximum((profit + price) / 2 / scale, 0.0)

    def _assignment_solver(self) -> tuple[np.ndarray, np.ndarray]:
        """`relaxation` by scipy's sparse Jonker–Volgenant solver, with duals from shortest paths."""
        n = self.n
        scale = _scale(self.values)
        worth = self.values > 0
        diagonal = np.arange(n)
        rows = np.concatenate([self.rows[worth], diagonal])
        cols = np.concatenate([self.cols[worth], diagonal])
        ints = np.concatenate([np.rint(self.values[worth] * scale).astype(np.int64), np.zeros(n, np.int64)])
        # The sparse solver ignores explicit zeros and the assignment is always complete (n entries), so
        # shifting every weight by one changes nothing but keeps "unmatched" (weight 0) in the matrix.
        matrix = csr_array(((ints + 1).astype(np.float64), (rows, cols)), shape=(n, n))
        row_ind, col_ind = min_weight_full_bipartite_matching(matrix, maximize=True)
        column_of = np.empty(n, dtype=np.int64)
        column_of[row_ind] = col_ind
        owner = np.empty(n, dtype=np.int64)
        owner[col_ind] = row_ind
        # The assigned entry's weight, by column (entries are unique: rows*n+cols has no repeats).
        held = np.zeros(n, dtype=np.int64)
        assigned = column_of[rows] == cols
        held[cols[assigned]] = ints[assigned]
        # Dual prices: u_i + v_j ≥ q_ij everywhere, with equality where assigned. Taking v_j = held_j − u_r
        # (r owns column j) leaves u_r − u_i ≤ held_j − q_ij: shortest paths over arcs i → r.
        others = owner[cols] != rows
        src, dst = rows[others], owner[cols[others]]
        length = held[cols[others]] - ints[others]
        order = np.argsort(src, kind="stable")
        ptr = np.concatenate([[0], np.cumsum(np.bincount(src, minlength=n))]).astype(np.int64)
        u, done = kernels.shortest_distances(n, ptr, dst[order], length[order], 200 * (len(src) + n) + 10**6)
        if not done:  # cannot happen for an optimal assignment; a looser, always-valid price instead
            return column_of, self.row_max.copy()
        v = held - u[owner]
        y = np.maximum((u + v) / 2 / scale, 0.0)
        return column_of, y

    def weight(self, i: int, j: int) -> float:
        return self.scorer.weight(i, j)

    def round(self, column_of: np.ndarray) -> list[int]:
        """The assignment's cycles as pairs: alternate pairs, dropping one person from an odd cycle."""
        n = self.n
        mate = [-1] * n
        seen = (column_of == np.arange(n)).tolist()
        successor = column_of.tolist()
        self.lossy = set()
        for start in range(n):
            if seen[start]:
                continue
            cycle = []
            v = start
            while not seen[v]:
                seen[v] = True
                cycle.append(v)
                v = successor[v]
            self._round_cycle(cycle, mate)
            if len(cycle) % 2:
                self.lossy.update(cycle)
        return mate

    def _round_cycle(self, cycle: list[int], mate: list[int]) -> None:
        if len(cycle) == 2:
            a, b = cycle
            if self.weight(a, b) > 0:
                mate[a], mate[b] = b, a
            return
        ring = np.array(cycle + cycle[:1])
        along = self.scorer.weights(ring[:-1], ring[1:])  # along[t]: cycle[t] with cycle[t+1]
        m = len(cycle)
        if m % 2:
            # Drop the person whose removal leaves the heaviest alternate path: dropping d keeps the pairs
            # along[d+1], along[d+3], …, along[d+m-2] (around the cycle), summed at once by running sums
            # of every other pair weight.
            twice = np.concatenate([[0.0], np.nan_to_num(np.tile(along, 2), neginf=-1e18)])
            every_other = twice.copy()
            for parity in (0, 1):
                every_other[parity::2] = np.cumsum(twice[parity::2])
            d = np.arange(m)
            values = every_other[d + m - 1] - every_other[d]  # twice[] is shifted by one: along[t] at t+1
            best = int(np.argmax(values))
            path = [cycle[(best + 1 + t) % m] for t in range(m - 1)]
            pairs = [(path[t], path[t + 1]) for t in range(0, m - 1, 2)]
        else:
            first = [(cycle[t], cycle[t + 1]) for t in range(0, m, 2)]
            second = [(cycle[t + 1], cycle[(t + 2) % m]) for t in range(0, m, 2)]
            take_first = sum(along[0::2]) >= sum(along[1::2])
            pairs = first if take_first else second
        for a, b in pairs:
            if self.weight(a, b) > 0:
                mate[a], mate[b] = b, a


class _State:
    """The matching being improved, with each person's current pair weight kept at hand."""

    def __init__(self, scorer: Scorer, graph: _Graph, mate: list[int]) -> None:
        self.scorer = scorer
        self.graph = graph
        self.mate = np.array(mate, dtype=np.int64)
        self.held = np.zeros(len(mate))
        firsts = np.nonzero(self.mate > np.arange(len(mate)))[0]
        if len(firsts):
            self.held[firsts] = self.held[self.mate[firsts]] = scorer.weights(firsts, self.mate[firsts])
        # No pair with i can weigh more than this (i's best partner over everyone): prunes most swaps.
        self.row_max = graph.row_max.astype(np.float64)

    def pairs(self) -> list[tuple[int, int]]:
        return sorted((i, m) for i, m in enumerate(self.mate.tolist()) if m > i)

    def unmatched(self) -> list[int]:
        return np.nonzero(self.mate < 0)[0].tolist()

    def improve_until(
        self, deadline: float, clock: Callable[[], float] = time.monotonic, *, settled: set[int] | None = None
    ) -> bool:
        """Local search until nothing improves (True) or the deadline passes (False). Rounding loses only
        on the LP's odd cycles: longer exchanges are looked for there (except among the `settled`, already
        re-paired exactly) and around anyone left unmatched."""
        for _ in range(50):
            if clock() > deadline:
                return False
            if not self.improve():
                break
        for _ in range(50):
            roots = sorted((self.graph.lossy - (settled or set())) | set(self.unmatched()))
            improved = False
            for root in roots:
                if clock() > deadline:
                    return False
                improved = self.deep_improve(root, depth=3, width=10) or improved
            if not improved:
                break
        return True

    def unpair(self, v: int) -> None:
        old = self.mate[v]
        if old >= 0:
            self.mate[old], self.held[old] = -1, 0.0
        self.mate[v], self.held[v] = -1, 0.0

    def pair(self, a: int, b: int) -> None:
        self.unpair(a)
        self.unpair(b)
        self.mate[a], self.mate[b] = b, a
        self.held[a] = self.held[b] = self.scorer.weight(a, b)

    def improve(self) -> bool:
        """One pass of local search (bot.matching.kernels.improve); True if anything got better."""
        graph = self.graph
        return bool(
            kernels.improve(self.mate, self.held, self.row_max, graph.ptr, graph.cols, graph.values, EPS)
        )

    def deep_improve(self, root: int, *, depth: int, width: int) -> bool:
        """Search alternating paths and cycles from `root` (up to `depth` new pairs) for one that raises
        the total; apply the first found. Each step pairs the open end with a neighbour y and frees y's
        partner, which becomes the new open end; the exchange closes by pairing that end with the root's
        old partner, with a free person, or by leaving it free."""
        mate = self.mate
        root_mate = int(mate[root])
        start_gain = -self.held[root] if root_mate >= 0 else 0.0
        with_root_mate = self.scorer.weights_with(root_mate).tolist() if root_mate >= 0 else []

        def close(end: int, gain: float, new: list[tuple[int, int]]) -> list[tuple[int, int]] | None:
            if gain > EPS:
                return new  # leave `end` (and the root's old partner) free
            if root_mate >= 0 and end != root_mate:
                back = with_root_mate[end]
                if back > -np.inf and gain + back > EPS:
                    return [*new, (end, root_mate)]
            return None

        def walk(
            end: int, gain: float, new: list[tuple[int, int]], used: set[int], left: int
        ) -> list[tuple[int, int]] | None:
            partners, weights = self.graph.partners(end, width)
            for y, weight in zip(partners, weights, strict=True):
                if y in used:
                    continue
                g = gain + weight
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


def best_trio(
    weights: np.ndarray | Scorer, person: int, pairs: list[tuple[int, int]]
) -> tuple[int, int] | None:
    """The pair the odd person out fits best with (allowed with both), or None."""
    scorer = as_scorer(weights)
    if not pairs:
        return None
    a = np.array([p[0] for p in pairs])
    b = np.array([p[1] for p in pairs])
    me = np.full(len(pairs), person)
    with_a, with_b = scorer.weights(me, a), scorer.weights(me, b)
    allowed = (with_a > -np.inf) & (with_b > -np.inf)
    if not allowed.any():
        return None
    gain = np.where(allowed, with_a + with_b, -np.inf)
    best = int(np.argmax(gain))
    return pairs[best]


def weight_matrix(scorer: Scorer) -> np.ndarray:
    """Every pair's weight as an n×n matrix: for tests and small benchmarks only (a round never builds one)."""
    n = scorer.n
    rows, cols = np.divmod(np.arange(n * n, dtype=np.int64), n)
    return scorer.weights(rows, cols).reshape(n, n)
