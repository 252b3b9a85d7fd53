"""Programme settings and schedule arithmetic (pure)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time, timedelta

from bot.matching.scoring import Mode, Weights
from bot.payload import Payload
from bot.profile import DEFAULT_CADENCE, Cadence
from bot.schedule import Window
from bot.timezones import zone

MAX_TIMEZONE = 64  # the longest IANA name is about 30 characters; the column holds 64


@dataclass(frozen=True)
class ProgrammeSettings:
    mode: Mode = Mode.MUTUAL
    allow_trios: bool = True
    term_weeks: int = 12
    cooldown_days: int = 182  # about six months
    round_weekday: int = 0  # Monday
    round_hour: int = 9
    round_timezone: str = "UTC"
    weights: Weights = field(default_factory=Weights)
    window: Window = field(default_factory=Window)
    min_group_size: int = 3
    default_cadence: Cadence = DEFAULT_CADENCE  # preselected for people who join; each can change theirs


def weights_from(overrides: Payload | None) -> Weights:
    """Scoring weights with a programme's overrides applied; unknown names and non-numbers are ignored."""
    known = {f.name for f in fields(Weights)}
    clean = {k: v for k, v in (overrides or {}).items() if k in known and isinstance(v, int | float)}
    return Weights(**clean)  # type: ignore[arg-type]  # some weights are ints, some floats: both are numbers


def latest_slot(now: datetime, settings: ProgrammeSettings) -> datetime:
    """The most recent scheduled round time at or before `now` (in the programme's timezone)."""
    tz = zone(settings.round_timezone)
    local = now.astimezone(tz)
    days_back = (local.weekday() - settings.round_weekday) % 7
    candidate = (local - timedelta(days=days_back)).replace(
        hour=settings.round_hour, minute=0, second=0, microsecond=0
    )
    if candidate > local:
        candidate -= timedelta(days=7)
    # Re-attach the zone so a DST change between then and now gives that day's offset.
    return datetime.combine(candidate.date(), candidate.time(), tz)


def next_round(now: datetime, settings: ProgrammeSettings) -> datetime:
    """The first scheduled round time after `now`."""
    return latest_slot(now + timedelta(days=7), settings)


def heads_up_from(slot: datetime, settings: ProgrammeSettings) -> datetime:
    """When a round's heads-up is due: the start of the working day before it, in the programme's timezone
    (a Monday round's on Friday)."""
    tz = zone(settings.round_timezone)
    day = slot.astimezone(tz).date() - timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return datetime.combine(day, time(), tz)


def term_end(start: date, settings: ProgrammeSettings) -> date:
    return start + timedelta(weeks=settings.term_weeks)


def validate_settings(
    raw: Payload, current: ProgrammeSettings
) -> tuple[ProgrammeSettings | None, dict[str, str]]:
    """Settings from the admin modal, or the errors to show beside each field."""
    from dataclasses import replace
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    errors: dict[str, str] = {}

    def number(name: str, low: int, high: int) -> int:
        try:
            value = int(str(raw.get(name) or "").strip())
        except ValueError:
            errors[name] = f"A whole number from {low} to {high}, please."
            return low
        if not low <= value <= high:
            errors[name] = f"A whole number from {low} to {high}, please."
        return value

    try:
        mode = Mode(str(raw.get("mode")))
    except ValueError:
        errors["mode"] = "Choose a programme type."
        mode = current.mode
    try:
        cadence = Cadence(str(raw.get("default_cadence")))
    except ValueError:
        errors["default_cadence"] = "Choose how often pairs meet by default."
        cadence = current.default_cadence
    tz = str(raw.get("round_timezone") or "").strip()
    try:
        if not tz or len(tz) > MAX_TIMEZONE:
            raise ValueError(tz)
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name the filesystem can't even hold
        errors["round_timezone"] = "That isn't a timezone name I know — try e.g. Europe/London."
    weekday, hour = number("round_weekday", 0, 6), number("round_hour", 0, 23)
    start, end, checkin = (
        number("workday_start", 0, 23),
        number("workday_end", 1, 24),
        number("checkin_hour", 0, 23),
    )
    if "workday_end" not in errors and end <= start:
        errors["workday_end"] = "The working day has to end after it starts."
    elif "checkin_hour" not in errors and not start <= checkin < end:
        errors["checkin_hour"] = "Pick an hour inside the working day."
    settings = replace(
        current,
        mode=mode,
        allow_trios=bool(raw.get("allow_trios")),
        term_weeks=number("term_weeks", 4, 52),
        cooldown_days=number("cooldown_days", 0, 730),
        round_weekday=weekday,
        round_hour=hour,
        round_timezone=tz,
        window=Window(hour=checkin, start=start, end=end),
        min_group_size=number("min_group_size", 3, 100),
        default_cadence=cadence,
    )
    return (None, errors) if errors else (settings, {})


MAX_NAME, MAX_PURPOSE, MAX_COMMITMENT = 80, 300, 150
ENROLMENTS = ("open", "approval", "invitation")  # storage.models.Enrolment's values
STATES = ("active", "paused", "archived")  # storage.models.ProgrammeState's values


@dataclass(frozen=True)
class ProgrammeProfile:
    """What a programme is, as its admins describe it (its settings are ProgrammeSettings)."""

    name: str
    purpose: str | None = None
    mode: Mode = Mode.MUTUAL
    enrolment: str = "open"
    commitment: str | None = None
    state: str = "active"
    admins: tuple[str, ...] = ()  # its own admins (Slack user ids), besides the workspace's
    topics: tuple[str, ...] = ()  # the catalogue's topics it offers; none chosen: every one


MAX_ADMINS = 20


def validate_profile(
    raw: Payload, known_topics: Collection[str] = ()
) -> tuple[ProgrammeProfile | None, dict[str, str]]:
    """A programme from the admin's modal, or the errors to show beside each field (whether the name is
    free is the database's to say). Its topics must be among `known_topics` (the shipped catalogue's)."""
    errors: dict[str, str] = {}
    name = " ".join(str(raw.get("name") or "").split())
    if not name:
        errors["name"] = "Give the programme a name people will recognise."
    elif len(name) > MAX_NAME:
        errors["name"] = f"At most {MAX_NAME} characters, please."
    purpose = str(raw.get("purpose") or "").strip() or None
    if purpose and len(purpose) > MAX_PURPOSE:
        errors["purpose"] = f"At most {MAX_PURPOSE} characters, please: a sentence or two."
    commitment = " ".join(str(raw.get("commitment") or "").split()) or None
    if commitment and len(commitment) > MAX_COMMITMENT:
        errors["commitment"] = f"At most {MAX_COMMITMENT} characters, please."
    try:
        mode = Mode(str(raw.get("mode")))
    except ValueError:
        errors["mode"] = "Choose a programme type."
        mode = Mode.MUTUAL
    enrolment = str(raw.get("enrolment") or "")
    if enrolment not in ENROLMENTS:
        errors["enrolment"] = "Choose who may join."
    state = str(raw.get("state") or "active")
    if state not in STATES:
        errors["state"] = "Choose whether it runs."
    admins = tuple(dict.fromkeys(str(a) for a in raw.get("admins") or ()))
    if len(admins) > MAX_ADMINS:
        errors["admins"] = f"At most {MAX_ADMINS} people, please."
    topics = tuple(dict.fromkeys(str(t) for t in raw.get("topics") or ()))
    if any(t not in known_topics for t in topics):
        errors["topics"] = "Choose topics from the list."
    if errors:
        return None, errors
    return ProgrammeProfile(name, purpose, mode, enrolment, commitment, state, admins, topics), {}
