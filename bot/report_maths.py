"""The programme report's figures, from counts the database makes and the running totals of bot.tallies (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from bot.tallies import week_of


@dataclass(frozen=True)
class People:
    active: int = 0
    paused: int = 0
    left: int = 0  # including people who erased their data
    joined_30_days: int = 0
    waiting: int = 0


@dataclass(frozen=True)
class PairCounts:
    """Pairs, counted by the database."""

    total: int = 0
    active: int = 0
    declined: int = 0
    cross_department: int = 0
    cross_stage: int = 0
    repeats: int = 0
    due: int = 0  # active pairs together for at least their cadence
    met_in_cadence: int = 0  # …of which met within it
    agreed: int = 0  # pairs whose agreement everyone confirmed, at some point


@dataclass(frozen=True)
class Growth:
    """Confidence in one topic, learned one way, at the start and at the end of a term (means of 1-5)."""

    topic: str  # its label
    direction: str  # bot.agreement.Way: up (junior → senior), down, peer
    people: int
    start: float
    end: float

    @property
    def uplift(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class Market:
    """The skills market's counts, labelled: topic → people who teach it, want it, want it and aren't
    learning it in a pairing now; the pool by career stage, department and self-described perspective."""

    teach: dict[str, int]
    want: dict[str, int]
    unmet: dict[str, int]
    stages: dict[str, int]
    departments: dict[str, int]
    perspectives: dict[str, int]
    scarce: list[tuple[str, str, int]] = field(default_factory=list)  # (topic id, label, waiting): bot.skills


@dataclass(frozen=True)
class Heard:
    """One answer to the listening question (bot.listening), labelled; `quote` only where consented."""

    period: int
    question: str
    themes: tuple[str, ...]
    stage: str  # the writer's career stage
    side: str  # bot.agreement.Way: which way they speak in their pairing
    quote: str | None


@dataclass
class Hearing:
    """ "What we're hearing": only periods in which at least the minimum group size answered are read at
    all; within them, a career stage or side is shown only where that many answered too."""

    answers: int = 0
    periods_withheld: int = 0  # periods with answers, but too few to show
    themes: list[tuple[str, int]] = field(default_factory=list)  # most mentioned first
    by_stage: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    by_side: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    groups_withheld: int = 0  # stages and sides with too few answers to show
    quotes: list[tuple[str, str]] = field(default_factory=list)  # (the question, the words), newest first


def hearing(heard: Sequence[Heard], min_group: int) -> Hearing:
    """What the listening loop's answers say, safely: counts per theme overall, by career stage and by side,
    and consented quotes — all only from periods in which at least `min_group` people answered (each
    person answers at most once a period: bot.listening.due)."""
    per_period: dict[int, int] = {}
    for h in heard:
        per_period[h.period] = per_period.get(h.period, 0) + 1
    read = [h for h in heard if per_period[h.period] >= min_group]
    out = Hearing(answers=len(read), periods_withheld=sum(1 for n in per_period.values() if n < min_group))
    out.themes = _themes(read)
    for attr, target in (("stage", out.by_stage), ("side", out.by_side)):
        groups: dict[str, list[Heard]] = {}
        for h in read:
            groups.setdefault(getattr(h, attr), []).append(h)
        for name, answers in sorted(groups.items()):
            if len(answers) >= min_group:
                target[name] = _themes(answers)
            else:
                out.groups_withheld += 1
    out.quotes = [(h.question, h.quote) for h in read if h.quote]
    return out


def _themes(heard: Sequence[Heard]) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for h in heard:
        for theme in h.themes:
            counts[theme] = counts.get(theme, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


@dataclass(frozen=True)
class ProgrammeFigures:
    """One programme's line in a workspace's roll-up."""

    programme_id: int
    name: str
    state: str  # active, paused or archived
    report: Report


@dataclass(frozen=True)
class Rollup:
    """A workspace's programmes side by side, and its people counted once however many they are in."""

    programmes: list[ProgrammeFigures]
    people: int  # enrolled (active or paused) in at least one
    paired: int  # in an active pair in at least one
    in_several: int  # enrolled in more than one


@dataclass(frozen=True)
class Week:
    monday: date
    meetings: int
    meeting_rate: float | None  # of the pairs active that week, the share that met
    active_pairs: int
    enrolled: int  # at the end of the week
    value_average: float | None  # None: fewer people answered that week than the minimum group size
    learned_share: float | None
    taught_share: float | None
    partial: bool = False  # this week, not over yet: its meetings so far, and no meeting rate


@dataclass
class Report:
    enrolled: int = 0
    active: int = 0
    paused: int = 0
    left: int = 0
    joined_30_days: int = 0
    pairs_active: int = 0
    pairs_ended: int = 0
    pairs_declined: int = 0
    meeting_rate: float | None = None  # of active pairs old enough to have met, the share that met in cadence
    median_days_between: float | None = None
    stalled: list[int] = field(default_factory=list)  # pair ids
    feedback_people: int = 0
    value_average: float | None = None  # None: fewer answers than the minimum group size
    value_distribution: dict[int, int] | None = None
    learned_share: float | None = None
    taught_share: float | None = None
    fit: dict[str, int] | None = None
    fit_people: int = 0
    cross_department: float | None = None
    cross_stage: float | None = None
    repeat_rate: float | None = None
    waiting: int = 0
    trend: list[Week] = field(default_factory=list)  # the last 12 weeks, oldest first
    # Messages that could not be delivered lately: (outbox kind, the Slack ids it was meant for).
    undelivered: list[tuple[str, list[str]]] = field(default_factory=list)
    # Who has waited through two rounds or more, longest first: (Slack id, rounds, why: bot/waiting.py).
    waiting_long: list[tuple[str, int, str | None]] = field(default_factory=list)
    # Who waits for a match, longest first: (Slack id, why the latest round left them out, if one has).
    waiting_people: list[tuple[str, str | None, str | None]] = field(default_factory=list)  # …and why
    # Poll comments, newest first, without names: (the Monday of their week, the text), only from weeks in
    # which at least the minimum group size answered.
    comments: list[tuple[date, str]] = field(default_factory=list)
    # Outcomes: the share of pairs whose agreement everyone confirmed, and confidence before and after by
    # topic and direction, only where at least the minimum group size rated both (`growth_withheld`: the
    # groups too small to show).
    agreed_share: float | None = None
    growth: list[Growth] = field(default_factory=list)
    growth_withheld: int = 0
    # Goal progress noted at check-ins, per direction of learning: level → notes, only for directions noted
    # by at least the minimum group size of pairs (`progress_withheld`: directions with fewer).
    progress: dict[str, dict[str, int]] = field(default_factory=dict)
    progress_withheld: int = 0
    # The skills market: (topic, teach, want, wanted but not being learned in a pairing now), most unmet
    # first; the pool by career stage and department; self-described perspectives only as counts of at
    # least the minimum group size (`perspectives_withheld`: how many smaller groups there are).
    market: list[tuple[str, int, int, int]] = field(default_factory=list)
    stages: list[tuple[str, int]] = field(default_factory=list)
    departments: list[tuple[str, int]] = field(default_factory=list)
    perspectives: list[tuple[str, int]] = field(default_factory=list)
    perspectives_withheld: int = 0
    scarce: list[tuple[str, str, int]] = field(default_factory=list)  # (topic id, label, waiting to learn it)
    # Why pairings ended, each person's one private tap (bot/endings.py): reason → answers, only once at least
    # the minimum group size answered (`whys_answered`: how many did, always).
    whys: dict[str, int] = field(default_factory=dict)
    whys_answered: int = 0
    hearing: Hearing = field(default_factory=Hearing)  # the listening loop, over its last two periods
    notes: int = 0  # written to the programme team (bot/services/team_notes.py), their text in admins' DMs
    notes_anonymous: int = 0


def build(
    *,
    people: People,
    pairs: PairCounts,
    stalled: list[int],
    totals: dict[str, int],
    weekly: dict[tuple[date, str], int],
    active_by_week: list[int],
    enrolled_by_week: list[int],
    today: date,
    min_group: int,
    comments: Sequence[tuple[date, str]] = (),  # (the day written, the text), newest first
    growth: Sequence[Growth] = (),  # every group, however small
    notes: tuple[int, int] = (0, 0),  # (notes to the programme team, of which anonymous)
    progress: Sequence[tuple[str, str, int, int]] = (),  # (direction, level, notes, pairs)
    market: Market | None = None,
    heard: Sequence[Heard] = (),
    whys: dict[str, int] | None = None,
) -> Report:
    """The figures, from the database's counts and the running totals of bot.tallies (`totals`: summed over
    all weeks; `weekly`: per week, for the last 12)."""
    r = Report(
        active=people.active,
        paused=people.paused,
        left=people.left,
        enrolled=people.active + people.paused,
        joined_30_days=people.joined_30_days,
        waiting=people.waiting,
        stalled=sorted(stalled),
        pairs_active=pairs.active,
        pairs_declined=pairs.declined,
        pairs_ended=pairs.total - pairs.active - pairs.declined,
    )
    if pairs.due:
        r.meeting_rate = pairs.met_in_cadence / pairs.due
    if pairs.total:
        r.cross_department = pairs.cross_department / pairs.total
        r.cross_stage = pairs.cross_stage / pairs.total
        r.repeat_rate = pairs.repeats / pairs.total
    gaps = sorted((int(days), n) for days, n in _named(totals, "gap:").items())
    r.median_days_between = median_of_histogram([(float(d), n) for d, n in gaps])

    r.feedback_people, answers = totals.get("people", 0), totals.get("answers", 0)
    if r.feedback_people >= min_group and answers:  # never a figure that could point at one person
        values = {int(v): n for v, n in _named(totals, "value:").items()}
        r.value_average = sum(v * n for v, n in values.items()) / answers
        r.value_distribution = {v: values.get(v, 0) for v in range(1, 6)}
        r.learned_share = totals.get("learned", 0) / answers
        r.taught_share = totals.get("taught", 0) / answers
    r.fit_people = totals.get("fit_people", 0)
    if r.fit_people >= min_group:
        fits = _named(totals, "fit:")
        r.fit = {k: fits.get(k, 0) for k in ("good", "not_sure", "not_a_fit")}

    r.agreed_share = pairs.agreed / pairs.total if pairs.total else None
    r.growth = [g for g in growth if g.people >= min_group]  # never a figure that could point at one person
    r.growth_withheld = len(growth) - len(r.growth)
    r.notes, r.notes_anonymous = notes
    r.hearing = hearing(heard, min_group)
    r.whys_answered = sum((whys or {}).values())
    if r.whys_answered >= min_group:
        r.whys = dict(sorted((whys or {}).items(), key=lambda kv: (-kv[1], kv[0])))
    if market is not None:
        topics = set(market.teach) | set(market.want)
        r.market = sorted(
            ((t, market.teach.get(t, 0), market.want.get(t, 0), market.unmet.get(t, 0)) for t in topics),
            key=lambda row: (-row[3], -row[2], row[0]),
        )
        r.stages = sorted(market.stages.items(), key=lambda kv: (-kv[1], kv[0]))
        r.departments = sorted(market.departments.items(), key=lambda kv: (-kv[1], kv[0]))
        shown = {k: n for k, n in market.perspectives.items() if n >= min_group}
        r.perspectives = sorted(shown.items(), key=lambda kv: (-kv[1], kv[0]))
        r.perspectives_withheld = len(market.perspectives) - len(shown)
        r.scarce = market.scarce
    by_way: dict[str, dict[str, int]] = {}
    pairs_by_way: dict[str, int] = {}
    for way, level, count, pairs_noting in progress:
        by_way.setdefault(way, {})[level] = count
        pairs_by_way[way] = pairs_noting
    r.progress = {w: levels for w, levels in by_way.items() if pairs_by_way[w] >= min_group}
    r.progress_withheld = len(by_way) - len(r.progress)

    r.comments = [
        (week_of(day), text)
        for day, text in comments
        if weekly.get((week_of(day), "people_week"), 0) >= min_group
    ]
    for monday, active, enrolled in zip(trend_weeks(today), active_by_week, enrolled_by_week, strict=True):

        def this_week(name: str, monday: date = monday) -> int:
            return weekly.get((monday, name), 0)

        answered, enough = this_week("answers"), this_week("people_week") >= min_group
        met = this_week("pairs_met")
        partial = monday + timedelta(days=7) > today
        r.trend.append(
            Week(
                monday,
                this_week("meetings"),
                min(1.0, met / active) if active and not partial else None,
                active,
                enrolled,
                sum(v * this_week(f"value:{v}") for v in range(1, 6)) / answered
                if enough and answered
                else None,
                this_week("learned") / answered if enough and answered else None,
                this_week("taught") / answered if enough and answered else None,
                partial,
            )
        )
    return r


def _named(totals: dict[str, int], prefix: str) -> dict[str, int]:
    """The totals whose names start with `prefix`, by the rest of the name: `value:` → {"1": n, …}."""
    return {name[len(prefix) :]: n for name, n in totals.items() if name.startswith(prefix) and n}


def trend_weeks(today: date) -> list[date]:
    """The Mondays of the last 12 weeks, oldest first (this week last)."""
    monday = week_of(today)
    return [monday - timedelta(weeks=w) for w in range(11, -1, -1)]


def week_ends(today: date) -> list[date]:
    """The last day of each of those weeks that has begun by `today` (today itself for this week)."""
    return [min(monday + timedelta(days=6), today) for monday in trend_weeks(today)]


def median_of_histogram(histogram: list[tuple[float, int]]) -> float | None:
    """The median of values given as (value, how many), sorted by value."""
    total = sum(n for _, n in histogram)
    if not total:
        return None
    wanted = [(total - 1) // 2, total // 2]  # the middle one, or the middle two
    found, seen = [], 0
    for value, n in histogram:
        found += [value for w in wanted if seen <= w < seen + n]
        seen += n
    return sum(found) / len(found)
