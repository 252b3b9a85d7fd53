"""Seeded synthetic programmes that look like real ones (for the benchmark and the solver's tests)."""

from __future__ import annotations

import random

import numpy as np

from bot.matching.scoring import Candidate, Rules

CITIES = [  # UTC offsets in minutes, weighted by how many people work there
    (0, 20),
    (60, 15),
    (-300, 20),
    (-480, 10),
    (330, 12),
    (540, 5),
    (480, 8),
    (-180, 4),
    (600, 3),
    (120, 3),
]
DEPARTMENTS = (
    ["engineering"] * 30
    + ["sales"] * 15
    + ["product"] * 8
    + ["design"] * 5
    + ["data"] * 6
    + ["marketing"] * 8
    + ["customer"] * 12
    + ["operations"] * 6
    + ["finance"] * 4
    + ["people"] * 3
    + ["legal"] * 2
    + ["leadership"]
)
STAGES = [0] * 30 + [1] * 30 + [2] * 20 + [3] * 15 + [4] * 5


def programme(n: int, *, seed: int, topics: int = 40) -> tuple[list[Candidate], Rules]:
    """n people over `topics` topics of Zipf-like popularity, each offering and wanting 2–5; a few avoid
    lists and past pairs."""
    rng = random.Random(seed)
    names = [f"t{i}" for i in range(topics)]
    popularity = [1 / (i + 1) ** 0.8 for i in range(topics)]
    offsets = [c for c, w in CITIES for _ in range(w)]
    people = []
    for key in range(n):
        teach = set(rng.choices(names, popularity, k=rng.randint(2, 5)))
        # What people want skews to other topics than the ones they offer, as in real programmes.
        learn = set(rng.choices(names, popularity[::-1], k=rng.randint(2, 5))) - teach or {rng.choice(names)}
        perspectives = (
            frozenset(rng.sample(["a", "b", "c", "d", "e", "f"], rng.randint(1, 2)))
            if rng.random() < 0.3
            else frozenset()
        )
        people.append(
            Candidate(
                key=key,
                teach=frozenset(teach),
                learn=frozenset(learn - teach) or frozenset(learn),
                stage=rng.choice(STAGES),
                department=rng.choice(DEPARTMENTS),
                perspectives=perspectives,
                utc_offset_minutes=rng.choice(offsets),
            )
        )
    forbidden = {frozenset(rng.sample(range(n), 2)) for _ in range(n // 50)}
    repeats = {frozenset(rng.sample(range(n), 2)) for _ in range(n // 10)}
    return people, Rules(forbidden=frozenset(forbidden), repeats=frozenset(repeats))


def skewed_weights(n: int, *, seed: int) -> np.ndarray:
    """A reverse-mentoring drive as a weight matrix: 15% seniors, senior–junior pairs 50–100, every other
    pair 1–10 — each junior's best partners are all seniors, though most juniors must pair with juniors."""
    rng = np.random.default_rng(seed)
    senior = rng.random(n) < 0.15
    w = rng.uniform(1, 10, (n, n))
    across = senior[:, None] != senior[None, :]
    w[across] = rng.uniform(50, 100, (n, n))[across]
    w = np.triu(w, 1)
    return np.asarray(w + w.T)


def tied_weights(n: int, *, seed: int) -> np.ndarray:
    """Weights drawn from 0/10/20/30 (0: not worth pairing), as a small topic catalogue gives: ties everywhere."""
    w = np.triu(np.random.default_rng(seed).choice([0.0, 10.0, 20.0, 30.0], size=(n, n)), 1)
    return np.asarray(w + w.T)
