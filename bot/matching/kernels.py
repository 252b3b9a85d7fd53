"""Compiled loops over every pair of people, in bounded memory (numba; pure: no Slack, no database).

A round must look at every pair — to pick each person's best partners, and to prove that no pair left out
of the candidate graph could improve the round — but never hold an n×n matrix: 50,000 people would need
10 GB. These kernels compute a pair's weight on the fly from a few numbers per person (bit sets of topics,
a department, a stage, a perspective set, a timezone zone and a priority), row by row, in parallel.

`_with` is the same formula as bot.matching.scoring.pair_weight (a test holds them equal); a pair that a
hard constraint rules out weighs less than INFEASIBLE. Forbidden pairs and repeats come as sorted
adjacency lists (CSR: `ptr`, `idx`), walked alongside each row.

numba's default threading layer must not be entered from two threads at once: every parallel kernel is
called through `locked`, so two teams' rounds running side by side take turns.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import numpy as np
from numba import njit, prange

INFEASIBLE = -1e29  # a weight below this means "not allowed"
BLOCKED = 1e30  # the zone penalty of two timezones with too little shared working time
TIE = 1e-7  # the largest tie-breaking nudge: only orders pairs of (almost) equal weight

_lock = threading.Lock()


def locked(kernel: Callable[..., Any], *args: Any) -> Any:
    with _lock:
        return kernel(*args)


@njit(inline="always", cache=True)
def _popcount(x: int) -> int:
    x = x - ((x >> 1) & 0x5555555555555555)
    x = (x & 0x3333333333333333) + ((x >> 2) & 0x3333333333333333)
    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0F
    return (x * 0x0101010101010101) >> 56


# Every kernel takes `people`, a tuple of arrays (bot.matching.scoring.Population.arrays): the first word of
# each topic bit set (t0, l0), any further words (tx, lx: n × words-1), department and stage (int32), the
# perspectives as a bit set (0: none shared), zone (int32), priority, the zone-pair penalty (zflat, nz × nz,
# BLOCKED where not allowed) and stage-pair bonus (sflat, ns × ns) tables flattened, the coefficients and
# the topic cap, then the forbidden pairs and the repeats as CSR.


@njit(inline="always", cache=True)
def _with(j, ti, li, i, people):
    """The weight of i with j before forbidden pairs and repeats (< INFEASIBLE when the zones rule it out),
    with i's topic words ti, li at hand: arithmetic, not branches, as it runs billions of times."""
    t0, l0, tx, lx, dept, stage, pbits, zone, prio, zflat, nz, sflat, ns, coef, cap = people[:15]
    a = _popcount(ti & l0[j])
    b = _popcount(li & t0[j])
    for w in range(tx.shape[1]):  # more than 63 topics
        a += _popcount(tx[i, w] & lx[j, w])
        b += _popcount(lx[i, w] & tx[j, w])
    a = min(a, cap)
    b = min(b, cap)
    si, sj = stage[i], stage[j]
    gap = sj - si
    pi, pj = pbits[i], pbits[j]
    return (
        coef[0]
        + coef[1] * (a + b)
        + prio[i]
        + prio[j]
        + sflat[si * ns + sj]
        - zflat[zone[i] * nz + zone[j]]
        + coef[2] * ((a > 0) & (b > 0))
        + coef[3] * (dept[i] != dept[j])
        + coef[4] * (((gap > 0) & (a > 0)) | ((gap < 0) & (b > 0)))
        + coef[5] * ((pi != 0) & (pj != 0) & (2 * _popcount(pi & pj) < _popcount(pi | pj)))
    )


@njit(inline="always", cache=True)
def _listed(ptr, idx, i, j):
    """Whether j is on row i's sorted list."""
    lo, hi = ptr[i], ptr[i + 1]
    while lo < hi:
        mid = (lo + hi) // 2
        if idx[mid] < j:
            lo = mid + 1
        else:
            hi = mid
    return lo < ptr[i + 1] and idx[lo] == j


@njit(inline="always", cache=True)
def _nudge(i, j, seed):
    """A pseudo-random number in [0, 1) for the pair, the same both ways round, new with each seed."""
    lo, hi = np.int64(min(i, j)), np.int64(max(i, j))  # a parallel loop's index may come as unsigned
    h = (lo * 0x9E3779B1 + hi * 0x85EBCA77 + np.int64(seed) * 0xC2B2AE3D) & 0xFFFFFFFF
    h ^= h >> 15
    h = (h * 0x2C1B3C6D) & 0xFFFFFFFF
    h ^= h >> 12
    return h / 4294967296.0


@njit(inline="always", cache=True)
def _offer(i, j, v, seed, keys, found, lowest):
    """Offer j (weight v) to i's k best so far (keys[i], found[i]: unordered; lowest[i]: the smallest kept
    key, or 0 — only pairs worth more than 0 are kept)."""
    if v + TIE <= lowest[i]:
        return
    key = v + TIE * _nudge(i, j, seed)
    if key > lowest[i]:
        row = keys[i]
        low = int(np.argmin(row))
        row[low], found[i, low] = key, j
        lowest[i] = max(row[int(np.argmin(row))], 0.0)


@njit(inline="always", cache=True)
def _tile(lo_a, hi_a, lo_b, hi_b, seed, people, keys, found, lowest):
    """Every pair of a person in [lo_a, hi_a) with a later one in [lo_b, hi_b), offered both ways round
    (the ranges are cut at n)."""
    n = people[0].shape[0]
    hi_a, hi_b = min(hi_a, n), min(hi_b, n)
    row = np.empty(max(hi_b - lo_b, 0))
    for i in range(lo_a, hi_a):
        start = max(lo_b, i + 1)
        if start >= hi_b:
            continue
        part = row[: hi_b - start]
        _row_from(i, start, part, people)
        for t in range(part.shape[0]):
            j = start + t
            v = part[t]
            _offer(i, j, v, seed, keys, found, lowest)
            _offer(j, i, v, seed, keys, found, lowest)


@njit(parallel=True, cache=True)
def best_partners(k, seed, block, people):
    """Each person's k best partners worth pairing (weight > 0), best first, ties broken by the seed:
    (partner index or -1, weight), each (n, k). Each pair is weighed once and offered to both people: the
    people are cut into an even number of blocks, and the block pairs are taken in rounds (a round-robin
    tournament's schedule) in which no two share a block, so threads never touch the same person. Blocks
    hold about `block` people (2048: a block's best-so-far lists stay in cache)."""
    n = people[0].shape[0]
    keys = np.full((n, k), -np.inf)
    found = np.full((n, k), -1, dtype=np.int64)
    lowest = np.zeros(n)
    blocks = 2 * max(1, (n + 2 * block - 1) // (2 * block))
    size = (n + blocks - 1) // blocks
    for b in prange(blocks):  # within each block
        _tile(b * size, b * size + size, b * size, b * size + size, seed, people, keys, found, lowest)
    for r in range(blocks - 1):  # across blocks, round by round
        for t in prange(blocks // 2):
            a = blocks - 1 if t == 0 else (r + t) % (blocks - 1)
            b = r if t == 0 else (r - t + blocks - 1) % (blocks - 1)
            a, b = min(a, b) * size, max(a, b) * size
            _tile(a, a + size, b, b + size, seed, people, keys, found, lowest)
    out = np.full((n, k), -1, dtype=np.int64)
    out_w = np.full((n, k), -np.inf)
    for i in prange(n):
        order = np.argsort(-keys[i])
        for t in range(k):
            j = found[i, order[t]]
            if j >= 0:
                out[i, t] = j
                out_w[i, t] = _weight(i, j, people)
    return out, out_w


@njit(inline="always", cache=True)
def _row_from(i, lo, out, people):
    """out[t] = the weight of i with j = lo + t, for the len(out) people from lo on; -inf where not
    allowed."""
    coef, fptr, fidx, rptr, ridx = people[13], people[15], people[16], people[17], people[18]
    ti, li = people[0][i], people[1][i]
    m = out.shape[0]
    for t in range(m):  # a straight loop the compiler vectorises
        out[t] = _with(lo + t, ti, li, i, people)
    for t in range(m):
        out[t] = -np.inf if out[t] < INFEASIBLE else out[t]
    if lo <= i < lo + m:
        out[i - lo] = -np.inf
    for p in range(fptr[i], fptr[i + 1]):
        if lo <= fidx[p] < lo + m:
            out[fidx[p] - lo] = -np.inf
    for p in range(rptr[i], rptr[i + 1]):
        if lo <= ridx[p] < lo + m:
            out[ridx[p] - lo] -= coef[6]


@njit(inline="always", cache=True)
def _violations(i, y, eps, per_row, people, out, out_r, cover, buffer):
    """Scan the pairs of i with everyone after it: cover[i] = the most any of them is worth over their
    prices (0 if none is), and keep i's per_row largest reduced costs above eps."""
    n = people[0].shape[0]
    row = buffer[: n - i - 1]
    _row_from(i, i + 1, row, people)
    keys = out_r[i]
    found = out[i]
    low, lowest = 0, eps
    yi = y[i]
    most = 0.0
    for t in range(row.shape[0]):
        j = i + 1 + t
        reduced = row[t] - y[j] - yi
        most = max(most, reduced)
        if reduced > lowest:
            keys[low], found[low] = reduced, j
            low = int(np.argmin(keys))
            lowest = max(keys[low], eps)
    cover[i] = most


@njit(parallel=True, cache=True)
def price(y, eps, per_row, people):
    """Against duals y, over every pair, each looked at once (rows k and n−1−k share a thread, so the
    triangle splits evenly): (cover, partners or -1, reduced costs). cover[i] ≥ 0 is the most any pair of
    i with a later person is worth over its prices (w_ij − y_i − y_j), so y + cover covers every pair and
    its sum bounds any matching, with no second look at anyone. Up to per_row pairs per person (with later
    people) whose reduced cost exceeds eps, best first."""
    n = people[0].shape[0]
    cover = np.zeros(n)
    out = np.full((n, per_row), -1, dtype=np.int64)
    out_r = np.full((n, per_row), -np.inf)
    half = (n + 1) // 2
    chunks = min(half, 256)
    for c in prange(chunks):  # each chunk with one buffer (not one per row: a page fault per 4 KB of it)
        buffer = np.empty(n)
        for k in range(c, half, chunks):
            _violations(k, y, eps, per_row, people, out, out_r, cover, buffer)
            if n - 1 - k != k:
                _violations(n - 1 - k, y, eps, per_row, people, out, out_r, cover, buffer)
    for i in range(n):
        order = np.argsort(-out_r[i])
        out[i] = out[i][order]
        out_r[i] = out_r[i][order]
    return cover, out, out_r


@njit(inline="always", cache=True)
def _weight(i, j, people):
    """The weight of one pair; -inf where a hard constraint rules it out."""
    if i == j:
        return -np.inf
    v = _with(j, people[0][i], people[1][i], i, people)
    if v < INFEASIBLE or _listed(people[15], people[16], i, j):
        return -np.inf
    return v - people[13][6] if _listed(people[17], people[18], i, j) else v


@njit(cache=True)
def weights_of(rows, cols, people):
    """The weight of each pair (rows[t], cols[t]); -inf where a hard constraint rules it out."""
    out = np.empty(rows.shape[0])
    for t in range(rows.shape[0]):
        out[t] = _weight(rows[t], cols[t], people)
    return out


@njit(cache=True)
def shortest_distances(n, ptr, dst, length, max_steps):
    """Shortest distances from a virtual source joined to every node by a zero-length arc (queue-based
    Bellman–Ford; lengths may be negative). (distances, finished): not finished after max_steps arc
    relaxations (which only a negative cycle would need), so it always returns."""
    dist = np.zeros(n, dtype=np.int64)
    queued = np.ones(n, dtype=np.bool_)
    ring = np.arange(n + 1, dtype=np.int64)
    head, tail, size = 0, n, n
    steps = 0
    while size > 0:
        u = ring[head]
        head = (head + 1) % (n + 1)
        size -= 1
        queued[u] = False
        for e in range(ptr[u], ptr[u + 1]):
            steps += 1
            v = dst[e]
            d = dist[u] + length[e]
            if d < dist[v]:
                dist[v] = d
                if not queued[v]:
                    queued[v] = True
                    ring[tail] = v
                    tail = (tail + 1) % (n + 1)
                    size += 1
        if steps > max_steps:
            return dist, False
    return dist, True


@njit(cache=True)
def auction(n, ptr, col, w, price, assigned, eps_final, max_bids):
    """A maximum-weight assignment of rows to columns by Bertsekas' auction (Gauss–Seidel, with ε-scaling):
    rows bid for the column worth most to them at current prices, raising its price by their margin over
    their second choice plus ε. Integer weights and a final ε below 1/n make it optimal. Warm: `price` and
    `assigned` (row → column, -1 if none) carry over from an earlier solve; a cold start passes zeros and
    -1s. Every row needs at least one entry. Returns False if it stopped at max_bids (a price war that only
    pathological weights would wage), leaving the assignment partial."""
    owner = np.full(n, -1, dtype=np.int64)
    for i in range(n):
        if assigned[i] >= 0:
            owner[assigned[i]] = i
    top = 0.0
    for e in range(w.shape[0]):
        top = max(top, abs(w[e]))
    eps = max(top / 4.0, eps_final) if np.all(assigned < 0) else eps_final
    queue = np.empty(n, dtype=np.int64)
    bids = 0
    while True:
        # Rows that are unassigned, or no longer within ε of their best, bid again.
        size = 0
        for i in range(n):
            if assigned[i] >= 0:
                best = -np.inf
                for e in range(ptr[i], ptr[i + 1]):
                    best = max(best, w[e] - price[col[e]])
                held = -np.inf
                for e in range(ptr[i], ptr[i + 1]):
                    if col[e] == assigned[i]:
                        held = w[e] - price[col[e]]
                if held >= best - eps:
                    continue
                owner[assigned[i]] = -1
                assigned[i] = -1
            queue[size] = i
            size += 1
        head = 0
        while head < size:
            i = queue[head]
            head += 1
            best, second, choice = -np.inf, -np.inf, -1
            for e in range(ptr[i], ptr[i + 1]):
                value = w[e] - price[col[e]]
                if value > best:
                    best, second, choice = value, best, col[e]
                elif value > second:
                    second = value
            if second == -np.inf:
                second = best
            price[choice] += best - second + eps
            previous = owner[choice]
            owner[choice] = i
            assigned[i] = choice
            if previous >= 0:
                assigned[previous] = -1
                head -= 1
                queue[head] = previous
            bids += 1
            if bids > max_bids:
                return False
        if eps <= eps_final:
            return True
        eps = max(eps / 5.0, eps_final)


@njit(inline="always", cache=True)
def _pair(mate, held, a, b, w):
    """Pair a with b (weight w), freeing whoever either was with."""
    for v in (a, b):
        old = mate[v]
        if old >= 0:
            mate[old], held[old] = -1, 0.0
    mate[a], mate[b] = b, a
    held[a] = held[b] = w


@njit(cache=True)
def improve(mate, held, row_max, ptr, nbr, nw, eps):
    """One pass of local search over the candidate graph (CSR: each person's partners nbr and weights nw,
    best first), changing mate (-1: unpaired) and held (each person's pair weight) in place; True if
    anything got better. For each candidate pair u–x not together: pair them if that beats what both hold
    (their partners go free); or, both being paired, re-pair across (u–x and their partners together, when
    that is a candidate pair too); or, u being free, pair u–x and x's partner with someone free."""
    improved = False
    for u in range(mate.shape[0]):
        for e in range(ptr[u], ptr[u + 1]):
            x = nbr[e]
            mu, mx = mate[u], mate[x]
            if mu == x:
                continue
            wux = nw[e]
            here = held[u] + held[x]
            if mu >= 0 and mx >= 0:
                if wux + row_max[mu] <= here + eps:
                    continue  # no partner of mu's could make up the difference
                for f in range(ptr[mu], ptr[mu + 1]):
                    if nbr[f] == mx:
                        if wux + nw[f] > here + eps:
                            _pair(mate, held, u, x, wux)
                            _pair(mate, held, mu, mx, nw[f])
                            improved = True
                        break
                continue
            if wux > here + eps:
                _pair(mate, held, u, x, wux)
                improved = True
                continue
            if mu < 0 and mx >= 0:
                for f in range(ptr[mx], ptr[mx + 1]):
                    z = nbr[f]
                    if mate[z] < 0 and z != u and wux + nw[f] > held[x] + eps:
                        _pair(mate, held, u, x, wux)
                        _pair(mate, held, mx, z, nw[f])
                        improved = True
                        break
    return improved


@njit(parallel=True, cache=True)
def dense_tight(w, row_max, cap, seed):
    """For a weight matrix and each row's best weight: up to `cap` partners of each person that are worth
    both people's best (the pairs tight_matching may use), found from a pseudo-random place in the row so
    that nobody is in everyone's list; each row read once at most, rows in parallel. (CSR ptr, partners,
    weights.)"""
    n = w.shape[0]
    found = np.full((n, cap), -1, dtype=np.int64)
    counts = np.zeros(n, dtype=np.int64)
    for i in prange(n):
        if row_max[i] <= 0:
            continue
        row, start, got = w[i], int(_nudge(i, i, seed) * n), 0
        for t in range(n):
            j = start + t
            if j >= n:
                j -= n
            v = row[j]
            if v >= row_max[i] - TIE and v >= row_max[j] - TIE and j != i:
                found[i, got] = j
                got += 1
                if got == cap:
                    break
        counts[i] = got
    ptr = np.zeros(n + 1, dtype=np.int64)
    for i in range(n):
        ptr[i + 1] = ptr[i] + counts[i]
    nbr = np.empty(ptr[n], dtype=np.int64)
    nw = np.empty(ptr[n])
    for i in prange(n):
        for t in range(counts[i]):
            nbr[ptr[i] + t] = found[i, t]
            nw[ptr[i] + t] = w[i, found[i, t]]
    return ptr, nbr, nw


@njit(parallel=True, cache=True)
def nudges(rows, cols, seed):
    """Each pair's tie-breaking number in [0, 1), the same both ways round (see _nudge)."""
    out = np.empty(rows.shape[0])
    for t in prange(rows.shape[0]):
        out[t] = _nudge(rows[t], cols[t], seed)
    return out


@njit(parallel=True, cache=True)
def best_first(ptr, values):
    """The order that sorts each row's stretch (rows contiguous, `ptr` their starts) by weight, best first;
    equal weights keep their order (np.lexsort((-values, rows))'s answer, row by row in parallel)."""
    order = np.empty(values.shape[0], dtype=np.int64)
    for i in prange(ptr.shape[0] - 1):
        lo, hi = ptr[i], ptr[i + 1]
        if hi > lo:
            within = np.argsort(-values[lo:hi], kind="mergesort")
            for t in range(hi - lo):
                order[lo + t] = lo + within[t]
    return order


@njit(parallel=True, cache=True)
def dense_best_partners(w, k, seed):
    """best_partners for a weight matrix (symmetric, -inf on the diagonal and where not allowed): each
    row read once, rows in parallel (each thread writes only its own rows)."""
    n = w.shape[0]
    keys = np.full((n, k), -np.inf)
    found = np.full((n, k), -1, dtype=np.int64)
    out = np.full((n, k), -1, dtype=np.int64)
    out_w = np.full((n, k), -np.inf)
    for i in prange(n):
        row, mine, theirs, low, spot = w[i], keys[i], found[i], 0.0, 0
        for j in range(n):
            v = row[j]
            if v + TIE <= low:
                continue  # most entries: not among the best so far
            key = v + TIE * _nudge(i, j, seed)
            if key > low:
                mine[spot], theirs[spot] = key, j
                spot, least = 0, mine[0]  # the new weakest of the best so far: replaced next
                for t in range(1, k):
                    if mine[t] < least:
                        spot, least = t, mine[t]
                low = max(least, 0.0)
        order = np.argsort(-keys[i])
        for t in range(k):
            j = found[i, order[t]]
            if j >= 0:
                out[i, t] = j
                out_w[i, t] = w[i, j]
    return out, out_w


@njit(cache=True)
def _augment(root, mate, tight, ptr, nbr, seen, stamp, budget):
    """Look for an augmenting path of tight pairs from the unpaired root (depth first, never revisiting a
    person: any path found is simple, though a blossom may hide one), and flip it. (found, steps left)."""
    stack_v = np.empty(mate.shape[0] + 1, dtype=np.int64)
    stack_e = np.empty(mate.shape[0] + 1, dtype=np.int64)
    via = np.full(mate.shape[0] + 1, -1, dtype=np.int64)  # via[d]: the partner reached at depth d
    depth = 0
    stack_v[0], stack_e[0] = root, ptr[root]
    seen[root] = stamp
    while depth >= 0 and budget > 0:
        v = stack_v[depth]
        e = stack_e[depth]
        if e >= ptr[v + 1]:
            depth -= 1
            continue
        stack_e[depth] = e + 1
        budget -= 1
        x = nbr[e]
        if not tight[e] or seen[x] == stamp:
            continue
        seen[x] = stamp
        via[depth] = x
        if mate[x] < 0:  # free: flip the path root–via[0]=m(via[0])–via[1]=…–x
            for d in range(depth, -1, -1):
                a, b = stack_v[d], via[d]
                mate[a], mate[b] = b, a
            return True, budget
        z = mate[x]
        seen[z] = stamp
        depth += 1
        stack_v[depth], stack_e[depth] = z, ptr[z]
    return False, budget


@njit(cache=True)
def tight_matching(row_max, ptr, nbr, nw, tol, budget):
    """Pair everyone worth pairing (row_max > 0) with someone they are each other's best for (a pair worth
    both people's best weight, within tol), over the candidate graph.
    Then y_i = row_max_i / 2 is a dual of the whole programme's LP that this matching meets with
    equality: it is the optimum. Greedy first, then augmenting paths, within `budget` steps in all.
    (True, mate), or (False, _) where it finds none."""
    n = row_max.shape[0]
    tight = np.zeros(nbr.shape[0], dtype=np.bool_)
    for u in range(n):
        any_tight = row_max[u] <= 0
        for e in range(ptr[u], ptr[u + 1]):
            x = nbr[e]
            if row_max[u] > 0 and nw[e] >= max(row_max[u], row_max[x]) - tol:
                tight[e] = True
                any_tight = True
        if not any_tight:
            return False, np.full(n, -1, dtype=np.int64)  # someone has no partner worth their best
    mate = np.full(n, -1, dtype=np.int64)
    for u in range(n):
        if mate[u] >= 0 or row_max[u] <= 0:
            continue
        for e in range(ptr[u], ptr[u + 1]):
            x = nbr[e]
            if tight[e] and mate[x] < 0 and x != u:
                mate[u], mate[x] = x, u
                break
    seen = np.full(n, -1, dtype=np.int64)
    for u in range(n):
        if mate[u] >= 0 or row_max[u] <= 0:
            continue
        found, budget = _augment(u, mate, tight, ptr, nbr, seen, u, budget)
        if not found:
            return False, mate
    return True, mate
