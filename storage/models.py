"""Typed SQLAlchemy 2.0 models; every row belongs to one Slack team."""

from __future__ import annotations

import enum
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Enum,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from storage.types import UTCDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime()}


def _enum(cls: type[enum.Enum], *, length: int = 24) -> Enum:
    # Stored as VARCHAR with the enum's values: portable, and new values need no ALTER TYPE.
    return Enum(
        cls,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=lambda members: [m.value for m in members],
    )


class MemberStatus(enum.StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    LEFT = "left"
    INACTIVE = "inactive"  # deactivated in Slack, or can't be messaged: out of rounds until they rejoin


class Direction(enum.StrEnum):
    TEACH = "teach"
    LEARN = "learn"


class Member(Base):
    """Someone in one programme: their profile there (what they teach in one programme is not what they
    teach in another), status and history. A person in two programmes has two rows."""

    __tablename__ = "members"
    __table_args__ = (UniqueConstraint("programme_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), index=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str] = mapped_column(String(32))
    status: Mapped[MemberStatus] = mapped_column(_enum(MemberStatus))
    career_stage: Mapped[str] = mapped_column(String(64))
    department: Mapped[str] = mapped_column(String(64))
    cadence: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    perspectives_consent: Mapped[bool] = mapped_column(default=False)
    tz: Mapped[str | None] = mapped_column(String(64))
    joined_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    paused_at: Mapped[datetime | None]
    paused_until: Mapped[date | None]
    left_at: Mapped[datetime | None]
    waiting_since: Mapped[datetime | None]  # left out of a round or re-pooled: first in line next round
    listened_on: Mapped[date | None]  # last asked the listening question (bot.listening): every 6 weeks
    # Their Slack status says they are away (bot.away): since when we know, and until when (None: until it
    # changes). Left out of rounds, and their pair gets no check-ins, meanwhile.
    away_since: Mapped[datetime | None]
    away_until: Mapped[datetime | None]
    skip_round_at: Mapped[datetime | None]  # "Skip this round" on the heads-up: the round at this slot
    # On a reverse programme's leaders list: paired only with people of earlier career stages.
    leader: Mapped[bool] = mapped_column(server_default=false())  # no Python default: old revisions' inserts

    topics: Mapped[list[MemberTopic]] = relationship(
        back_populates="member", cascade="all, delete-orphan", passive_deletes=True, lazy="selectin"
    )
    perspectives: Mapped[list[MemberPerspective]] = relationship(
        back_populates="member", cascade="all, delete-orphan", passive_deletes=True, lazy="selectin"
    )


class MemberTopic(Base):
    __tablename__ = "member_topics"

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)
    direction: Mapped[Direction] = mapped_column(_enum(Direction), primary_key=True)
    topic: Mapped[str] = mapped_column(String(150), primary_key=True)

    member: Mapped[Member] = relationship(back_populates="topics")


class MemberPerspective(Base):
    """A self-described perspective, stored only with the member's explicit consent."""

    __tablename__ = "member_perspectives"

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)
    perspective: Mapped[str] = mapped_column(String(150), primary_key=True)

    member: Mapped[Member] = relationship(back_populates="perspectives")


class Erasure(Base):
    """An anonymous record that someone erased their data: lets the report count departures honestly."""

    __tablename__ = "erasures"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), index=True)
    # The programme the erased membership was in (None only for a workspace that had no programme left).
    programme_id: Mapped[int | None] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"))
    erased_at: Mapped[datetime]


class PairStatus(enum.StrEnum):
    ACTIVE = "active"
    ENDED = "ended"


class EndReason(enum.StrEnum):
    NOT_A_FIT = "not_a_fit"  # never re-matched with each other
    MEMBER_LEFT = "member_left"
    MEMBER_UNAVAILABLE = "member_unavailable"
    TERM_END = "term_end"
    ENDED_BY_MEMBER = "ended_by_member"  # asked after the pair went quiet, someone chose to end it
    QUIET = "quiet"  # nobody answered for weeks after being asked, and was warned: closed kindly
    ADMIN = "admin"
    DUPLICATE = "duplicate"  # formed twice by a race before migration 0010 made that impossible


class Enrolment(enum.StrEnum):
    """Who may join a programme."""

    OPEN = "open"  # anyone in the workspace
    APPROVAL = "approval"  # anyone may ask; a programme admin approves
    INVITATION = "invitation"  # only people invited


class ProgrammeState(enum.StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"  # no rounds and no messages until resumed
    ARCHIVED = "archived"  # sends nothing, ever again; its report stays


DEFAULT_PROGRAMME = "Mentoring"  # the name of a workspace's first programme (shown only once it has two)


class Programme(Base):
    """One mentoring programme in a workspace: its purpose, type, who may join, its own admins and its
    settings. A workspace runs any number side by side; its first is made on first use, with the defaults."""

    __tablename__ = "programmes"
    __table_args__ = (
        UniqueConstraint("team_id", "name"),
        # Unique whatever the case, in the database: two admins racing can't make "Leaders" and "leaders".
        Index("uq_programmes_team_id_lower_name", "team_id", text("lower(name)"), unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), index=True)
    name: Mapped[str] = mapped_column(String(80), default=DEFAULT_PROGRAMME)
    purpose: Mapped[str | None] = mapped_column(Text)  # a sentence, shown at join and in introductions
    enrolment: Mapped[Enrolment] = mapped_column(
        _enum(Enrolment, length=16), default=Enrolment.OPEN, server_default=Enrolment.OPEN.value
    )
    state: Mapped[ProgrammeState] = mapped_column(
        _enum(ProgrammeState, length=16),
        default=ProgrammeState.ACTIVE,
        server_default=ProgrammeState.ACTIVE.value,
    )
    commitment: Mapped[str | None] = mapped_column(String(150))  # "45 minutes every two weeks for 12 weeks"
    admins: Mapped[list[str] | None] = mapped_column(JSON)  # its own admins: Slack user and user-group ids
    catalogue: Mapped[list[str] | None] = mapped_column(JSON)  # its topics; None: the shipped catalogue
    mode: Mapped[str] = mapped_column(String(16), default="mutual")
    allow_trios: Mapped[bool] = mapped_column(default=True)
    term_weeks: Mapped[int] = mapped_column(default=12)
    cooldown_days: Mapped[int] = mapped_column(default=182)
    round_weekday: Mapped[int] = mapped_column(default=0)  # Monday
    round_hour: Mapped[int] = mapped_column(default=9)
    round_timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    weights: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # overrides of the scoring weights, by name
    checkin_hour: Mapped[int] = mapped_column(
        default=10, server_default="10"
    )  # messages go out near this hour…
    workday_start: Mapped[int] = mapped_column(
        default=9, server_default="9"
    )  # …inside everyone's working day
    workday_end: Mapped[int] = mapped_column(default=17, server_default="17")
    heads_up_for: Mapped[str | None] = mapped_column(String(40))  # the round slot whose heads-up was queued
    channel_id: Mapped[str | None] = mapped_column(String(32))  # where stories and fortnightly prompts go
    min_group_size: Mapped[int] = mapped_column(
        default=3, server_default="3"
    )  # feedback aggregates need this many
    default_cadence: Mapped[str] = mapped_column(
        String(16), default="biweekly", server_default="biweekly"
    )  # preselected when someone joins
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class Invitation(Base):
    """Someone invited to a programme (an invitation-only one takes only them)."""

    __tablename__ = "invitations"

    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    invited_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime]


class JoinRequest(Base):
    """Someone's request to join a programme that takes people by approval, with the profile they filled
    in (kept here, not as a member, until a programme admin approves; erased with them)."""

    __tablename__ = "join_requests"
    __table_args__ = (UniqueConstraint("programme_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), index=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(32))
    profile: Mapped[dict[str, Any]] = mapped_column(JSON)
    tz: Mapped[str | None] = mapped_column(String(64))
    requested_at: Mapped[datetime]


class Round(Base):
    __tablename__ = "rounds"
    __table_args__ = (UniqueConstraint("programme_id", "slot"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), index=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"))
    slot: Mapped[str | None] = mapped_column(String(32))  # the scheduled slot it ran for; one per programme
    trigger: Mapped[str] = mapped_column(String(16))  # schedule / admin / cli
    ran_at: Mapped[datetime]
    considered: Mapped[int]
    paired: Mapped[int]
    left_out: Mapped[int]
    total_score: Mapped[float]
    upper_bound: Mapped[float]

    entries: Mapped[list[RoundEntry]] = relationship(cascade="all, delete-orphan", passive_deletes=True)


class RoundEntry(Base):
    """Who a round considered and what became of them."""

    __tablename__ = "round_entries"

    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)
    outcome: Mapped[str] = mapped_column(String(16))  # paired / trio / left_out
    why: Mapped[str | None] = mapped_column(String(16))  # why they wait (bot/waiting.py), never naming anyone
    pair_id: Mapped[int | None] = mapped_column(ForeignKey("pairs.id", ondelete="SET NULL"))


def exchanges(reasons: dict[str, Any] | None) -> Iterator[tuple[int, int, str]]:
    """(teacher, learner, topic) for each topic a pair's `reasons` say one member teaches another (the JSON
    `bot.matching.explain` writes: {"teaches": {teacher id: {learner id: [topics]}}})."""
    for teacher, taught in ((reasons or {}).get("teaches") or {}).items():
        for learner, topics in taught.items():
            for topic in topics:
                yield int(teacher), int(learner), topic


class Pair(Base):
    """Two people (or three) who teach each other; reasons hold member ids, never Slack ids."""

    __tablename__ = "pairs"
    __table_args__ = (
        # The planner's question each minute: which active pairs (of which teams) need looking at now?
        Index("ix_pairs_status_look_after_team_id", "status", "look_after", "team_id"),
        UniqueConstraint("id", "status"),  # what pair_members' copy of the status refers to (below)
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    round_id: Mapped[int | None] = mapped_column(ForeignKey("rounds.id", ondelete="SET NULL"))
    status: Mapped[PairStatus] = mapped_column(_enum(PairStatus))
    created_at: Mapped[datetime]
    ends_on: Mapped[date]
    ended_at: Mapped[datetime | None]
    end_reason: Mapped[EndReason | None] = mapped_column(_enum(EndReason))
    score: Mapped[float]
    reasons: Mapped[dict[str, Any]] = mapped_column(JSON)
    channel_id: Mapped[str | None] = mapped_column(String(32))
    intro_ts: Mapped[str | None] = mapped_column(String(32))
    agreement_cadence: Mapped[str | None] = mapped_column(String(16))  # what everyone last agreed
    agreed_at: Mapped[datetime | None]  # when everyone first agreed to the pair's agreement (see Agreement)
    paused_at: Mapped[datetime | None]  # "pause our pair": no check-ins until resumed
    stalled_at: Mapped[datetime | None]  # three check-ins unanswered: members asked, admins see it
    term_asked_on: Mapped[date | None]  # the term end the wrap-up was sent for
    midterm_asked_on: Mapped[date | None]  # the term end whose mid-term revisit was sent
    meeting_at: Mapped[datetime | None]  # the next meeting, as picked from suggested times
    meeting_from: Mapped[str | None] = mapped_column(String(120))  # the suggestion it was picked from (key)
    # The keep-meeting planner skips the pair until then (bot/keeping.py next_look); NULL: look now.
    look_after: Mapped[datetime | None]
    # Its shape when formed, for the report: across departments / career stages; these people paired before.
    cross_department: Mapped[bool] = mapped_column(default=False, server_default=false())
    cross_stage: Mapped[bool] = mapped_column(default=False, server_default=false())
    repeat: Mapped[bool] = mapped_column(default=False, server_default=false())

    closes_on: Mapped[date | None]  # quiet and warned: closed on this day unless someone answers
    story_decided_at: Mapped[datetime | None]  # an admin approved or declined its story (the first decides)
    story_approved: Mapped[bool | None]
    members: Mapped[list[PairMember]] = relationship(
        back_populates="pair", cascade="all, delete-orphan", passive_deletes=True, lazy="selectin"
    )


class PairMember(Base):
    """Someone in a pair. `pair_status` is the pair's status, kept by the database itself (ON UPDATE
    CASCADE from pairs), so that a unique index can promise what no code path may break: a person is in
    at most one active pair."""

    __tablename__ = "pair_members"
    __table_args__ = (
        ForeignKeyConstraint(
            ["pair_id", "pair_status"], ["pairs.id", "pairs.status"], ondelete="CASCADE", onupdate="CASCADE"
        ),
        Index(
            "uq_pair_members_one_active_pair",
            "member_id",
            unique=True,
            sqlite_where=text("pair_status = 'active'"),
            postgresql_where=text("pair_status = 'active'"),
        ),
    )

    pair_id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    pair_status: Mapped[PairStatus] = mapped_column(_enum(PairStatus), server_default=PairStatus.ACTIVE.value)
    agreed_version: Mapped[int | None]  # the version of the pair's agreement this person agreed to

    pair: Mapped[Pair] = relationship(back_populates="members")
    member: Mapped[Member] = relationship(lazy="joined")


class Agreement(Base):
    """A pair's two-way agreement as last proposed: a goal for each direction of learning, how often and how
    long they meet, how they keep it confidential. It counts once every member has agreed to this version
    (pair_members.agreed_version); the pair's agreed_at and agreement_cadence are then set."""

    __tablename__ = "agreements"

    pair_id: Mapped[int] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"), primary_key=True)
    version: Mapped[int]
    # [{"teacher": member id, "learner": member id, "goal": as typed}]; no ids: a goal for the whole pair.
    goals: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    cadence: Mapped[str] = mapped_column(String(16))
    minutes: Mapped[int]
    confidential: Mapped[str] = mapped_column(Text)
    proposed_by: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    proposed_at: Mapped[datetime]


class Confidence(Base):
    """How sure someone is of a topic they learn in a pair (1-5), at its start and at the end of its term.
    Theirs alone: the report shows averages over at least min_group_size people, and an erasure deletes
    them. `direction` is who taught whom, by career stage, when it was rated (up: an earlier-career
    colleague taught a more senior one)."""

    __tablename__ = "confidence"
    __table_args__ = (UniqueConstraint("pair_id", "member_id", "topic", "phase"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    topic: Mapped[str] = mapped_column(String(64))
    phase: Mapped[str] = mapped_column(String(8))  # start | end
    direction: Mapped[str] = mapped_column(String(8))  # up | down | peer
    rating: Mapped[int]
    rated_at: Mapped[datetime]


class GoalProgress(Base):
    """How far a pair had got on one goal of its agreement at a check-in (none, some, a lot): one row per
    goal and check-in, set or changed by either member. `direction` as in Confidence, for the report."""

    __tablename__ = "goal_progress"
    __table_args__ = (UniqueConstraint("checkin_id", "goal"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"), index=True)
    checkin_id: Mapped[int] = mapped_column(ForeignKey("checkins.id", ondelete="CASCADE"))
    goal: Mapped[str] = mapped_column(String(40))  # bot.agreement.Goal.key
    direction: Mapped[str] = mapped_column(String(8))  # up | down | peer
    level: Mapped[str] = mapped_column(String(8))  # none | some | a_lot
    noted_at: Mapped[datetime]


class TeamNote(Base):
    """Something a member wrote to their programme's team. Anonymous unless they chose to sign it: then,
    and only then, member_id says who (and an erasure deletes it); an anonymous note holds nothing that
    says who wrote it, not even the time of day."""

    __tablename__ = "team_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    sent_on: Mapped[date]


class ListeningAnswer(Base):
    """One answer to the programme's listening question (bot.listening), kept without anyone's name: no
    member, user, date or time, only the six-week period it was asked in, the writer's career stage and
    side of their pairing (for the report's counts), the themes they tagged, and their text with whether
    they agreed to be quoted anonymously. Nothing here can be traced back, so an erasure leaves it."""

    __tablename__ = "listening_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    period: Mapped[int]
    question: Mapped[str] = mapped_column(String(64))
    themes: Mapped[list[str]] = mapped_column(JSON)
    stage: Mapped[str | None] = mapped_column(String(64))
    side: Mapped[str] = mapped_column(String(8))  # up | down | peer (bot.agreement.Way)
    text: Mapped[str | None] = mapped_column(Text)
    quotable: Mapped[bool]


class ListeningTurn(Base):
    """That a member answered the listening question they were asked on that day (so a second submit is
    refused): nothing of what they answered, and no time."""

    __tablename__ = "listening_turns"

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)
    asked_on: Mapped[date] = mapped_column(primary_key=True)


class TeachAsk(Base):
    """An admin asked a member who teaches a topic near a scarce one whether they could teach it too: once
    per member and topic, ever (the unique constraint decides, whoever clicks twice); `answer` once given."""

    __tablename__ = "teach_asks"
    __table_args__ = (UniqueConstraint("member_id", "topic"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    topic: Mapped[str] = mapped_column(String(150))
    asked_at: Mapped[datetime]
    answer: Mapped[str | None] = mapped_column(String(8))  # yes | no


class Thanks(Base):
    """A short thank-you after a logged meeting, from one member to the others of the pair: once per meeting
    and writer (the unique constraint decides a double submit). Goes with either person's erasure."""

    __tablename__ = "thanks"
    __table_args__ = (UniqueConstraint("meeting_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    written_at: Mapped[datetime]


class Story(Base):
    """One member's part of their pair's story at term end, kept only when they ticked that it may be posted,
    with their name, in the programme's channel (once an admin approves: `Pair.story_approved`)."""

    __tablename__ = "stories"

    pair_id: Mapped[int] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    written_at: Mapped[datetime]


class EndWhy(Base):
    """One person's private one-tap answer to "why did it end?" after a pairing ended: only ever counted."""

    __tablename__ = "end_whys"

    pair_id: Mapped[int] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)
    why: Mapped[str] = mapped_column(String(16))  # the pair says whose programme
    answered_at: Mapped[datetime]


class Lease(Base):
    """Who may do a piece of work that only one process at a time should (the sender: Slack's rate limits
    are the workspace's, not each replica's), until when. Taken and renewed in the database."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    holder: Mapped[str] = mapped_column(String(64))
    until: Mapped[datetime]


class PairDeparture(Base):
    """Someone who left a trio while the other two stayed paired: the trio's history with them (a "not a
    fit" is never matched again), kept apart from the pair's members so the person is free to be paired."""

    __tablename__ = "pair_departures"

    pair_id: Mapped[int] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"), primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    reason: Mapped[EndReason] = mapped_column(_enum(EndReason))
    left_at: Mapped[datetime]


class Avoid(Base):
    """A private "don't pair me with" entry; never shown to the person avoided."""

    __tablename__ = "avoids"
    __table_args__ = (UniqueConstraint("member_id", "avoided_user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    # A Slack id rather than a member: people can avoid someone who has not joined (yet).
    avoided_user_id: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime]


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    CANCELLED = "cancelled"


class Reply(enum.StrEnum):
    """A member's answer to a check-in."""

    MET = "met"
    SCHEDULED = "scheduled"
    NOT_YET = "not_yet"
    PAUSE = "pause"


class PollKind(enum.StrEnum):
    MEETING = "meeting"  # after a logged meeting
    PERIODIC = "periodic"  # every few weeks
    TERM_END = "term_end"  # the wrap-up's poll
    TERM_CHOICE = "term_choice"  # not a poll: a member's choice at term end (no value, no fit)


class Fit(enum.StrEnum):
    GOOD = "good"
    NOT_SURE = "not_sure"
    NOT_A_FIT = "not_a_fit"  # ends the pair; they are never matched again


class Choice(enum.StrEnum):
    """A member's choice when their pair went quiet, or at term end."""

    CONTINUE = "continue"
    PAUSE = "pause"
    END = "end"
    POOL = "pool"  # at term end: be matched with someone new
    DONE = "done"  # at term end: out of the pool for now, profile kept


class MessageKind(enum.StrEnum):
    """What an outbox message is (bot/outbox/kinds.py makes and reads their keys)."""

    INTRO = "intro"  # the pair's introduction, in their group DM
    CHECKIN = "checkin"  # "did you meet since …?", once per cadence period
    NUDGE = "nudge"  # the pair hasn't met for a while
    STARTER = "starter"  # another conversation starter, asked for with a button
    TIMES = "times"  # three meeting times inside both working days, asked for with a button
    GUIDE = "guide"  # privately, the guides for your side of a pairing: at introduction, later tips
    MIDTERM = "midterm"  # halfway through a term, to the pair: is your agreement still right?
    STALLED = "stalled"  # privately, to each of a quiet pair: go on, pause or end?
    STALLED_ADMIN = "stalled-admin"  # to an admin: a pair has gone quiet
    TERM_END = "term-end"  # privately, at the end of a term: continue, or back into the pool?
    POLL_MEETING = "poll-meeting"  # the confidential poll after a meeting
    POLL_PERIODIC = "poll-periodic"  # the confidential poll every few weeks
    WAITING = "waiting"  # nobody to pair you with this round: first in line next time
    PARTNER_GONE = "partner-gone"  # your pairing has ended (outbox.reason says why)
    REMOVED = "removed"  # an admin took you out of the programme
    INVITED = "invited"  # an admin invited you to a programme (to someone not yet in it)
    JOIN_DECIDED = "join-decided"  # your request to join a programme was approved or declined
    TEAM_NOTE = "team-note"  # to an admin: someone wrote to the programme team (named, or not)
    HEADS_UP = "heads-up"  # privately, a working day before a round you're in: skip it?
    THANKS = "thanks"  # privately, to a partner: a thank-you written after a meeting
    STORY_REVIEW = "story-review"  # to an admin: a pair's story, consented by both, to approve or decline
    STORY = "story"  # to the programme's channel: an approved story
    COMPLETED = "completed"  # privately, at term end: what the pair did together
    CHANNEL_PROMPT = (
        "channel-prompt"  # to the programme's channel, every two weeks: a question to think about
    )
    CHANNEL_FIGURE = "channel-figure"  # to the programme's channel, monthly: last month, anonymised
    WHY_ENDED = "why-ended"  # privately, after a pairing ended: one tap, why?
    CLOSING = "closing"  # privately, to each of a quiet pair: closed in a week unless someone answers
    INTRO_ENDED = "intro-ended"  # not a message: the introduction updated to say the pairing ended
    ASK_TEACH = "ask-teach"  # privately: colleagues want a topic near one you teach; could you teach it?
    LISTEN = "listen"  # privately, every six weeks after a meeting: the programme's listening question


POLL_MESSAGES = (MessageKind.POLL_MEETING, MessageKind.POLL_PERIODIC)


class Outbox(Base):
    """A message that must reach Slack exactly once; its text is rendered from current state when sent."""

    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("team_id", "key"),
        Index("ix_outbox_status_not_before", "status", "not_before"),
        Index("ix_outbox_pair_id", "pair_id"),  # superseding a pair's check-ins; erasure's cascade
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(120))  # e.g. intro:pair:12 — one message per key, ever
    kind: Mapped[MessageKind] = mapped_column(_enum(MessageKind, length=32))
    pair_id: Mapped[int | None] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    status: Mapped[OutboxStatus] = mapped_column(_enum(OutboxStatus))
    reason: Mapped[EndReason | None] = mapped_column(_enum(EndReason))  # why a pairing ended (partner-gone)
    attempts: Mapped[int] = mapped_column(default=0)
    not_before: Mapped[datetime]
    lease_until: Mapped[datetime | None]
    uncertain: Mapped[bool] = mapped_column(
        default=False
    )  # a send may have reached Slack: look before resending
    channel_id: Mapped[str | None] = mapped_column(String(32))
    ts: Mapped[str | None] = mapped_column(String(32))
    last_error: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    checkin_id: Mapped[int | None] = mapped_column(ForeignKey("checkins.id", ondelete="CASCADE"))
    starter_id: Mapped[str | None] = mapped_column(String(40))  # chosen once, so a resend shows the same one
    user_id: Mapped[str | None] = mapped_column(String(32))  # a recipient who isn't a member (an admin)
    # Sent before everything else due: 1 for a message someone just asked for (a click waits on it).
    priority: Mapped[int] = mapped_column(default=0, server_default="0")


class Checkin(Base):
    """The pair's n-th check-in ("Did you meet since …?"); one per pair and cadence period."""

    __tablename__ = "checkins"
    __table_args__ = (UniqueConstraint("pair_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"))
    seq: Mapped[int]
    since: Mapped[date]  # "did you meet since …"
    created_at: Mapped[datetime]

    answers: Mapped[list[CheckinAnswer]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, lazy="selectin"
    )


class CheckinAnswer(Base):
    __tablename__ = "checkin_answers"

    checkin_id: Mapped[int] = mapped_column(ForeignKey("checkins.id", ondelete="CASCADE"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)
    answer: Mapped[Reply] = mapped_column(_enum(Reply, length=16))
    answered_at: Mapped[datetime]


class Meeting(Base):
    __tablename__ = "meetings"
    __table_args__ = (Index("ix_meetings_pair_id_met_on", "pair_id", "met_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"))
    checkin_id: Mapped[int | None] = mapped_column(ForeignKey("checkins.id", ondelete="CASCADE"), unique=True)
    met_on: Mapped[date]
    logged_at: Mapped[datetime]


class PollAnswer(Base):
    """One person's confidential answer to one poll: never shown to their partner, only aggregated."""

    __tablename__ = "poll_answers"
    __table_args__ = (UniqueConstraint("poll_key", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), index=True)
    poll_key: Mapped[str] = mapped_column(String(120))
    kind: Mapped[PollKind] = mapped_column(_enum(PollKind, length=16))
    pair_id: Mapped[int | None] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    value: Mapped[int | None]  # 1–5
    learned: Mapped[bool | None]
    taught: Mapped[bool | None]
    fit: Mapped[Fit | None] = mapped_column(_enum(Fit, length=16))
    choice: Mapped[Choice | None] = mapped_column(_enum(Choice, length=16))  # at term end: continue / pool
    comment: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime]


class PairStarter(Base):
    """Starters a pair has already had: never the same one twice."""

    __tablename__ = "pair_starters"

    pair_id: Mapped[int] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"), primary_key=True)
    starter_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    used_at: Mapped[datetime]
    leader_id: Mapped[int | None]  # the member whose turn it was to open it


class CustomGuide(Base):
    """A guide an admin added (bot.guides: sent privately to one side of a pairing, at one moment)."""

    __tablename__ = "custom_guides"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), index=True)
    # For one programme's pairs; None: for every programme of the workspace.
    programme_id: Mapped[int | None] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"))
    moment: Mapped[str] = mapped_column(String(24))  # intro | after-first-meeting | mid-term
    side: Mapped[str] = mapped_column(String(8))  # teach | learn | any
    title: Mapped[str] = mapped_column(String(150))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]


class CustomStarter(Base):
    """A conversation starter an admin added."""

    __tablename__ = "custom_starters"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), index=True)
    # For one programme's pairs; None: for every programme of the workspace.
    programme_id: Mapped[int | None] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"))
    theme: Mapped[str] = mapped_column(String(16))
    audience: Mapped[str] = mapped_column(String(8), default="both")
    text: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime]


class OpenModal(Base):
    """Where to answer when a modal opened from a slash command is submitted: kept here, by the view's id,
    never trusted from the modal's private_metadata. Kept a day (a response_url lives 30 minutes)."""

    __tablename__ = "open_modals"

    view_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[str] = mapped_column(String(32))
    response_url: Mapped[str] = mapped_column(Text)
    opened_at: Mapped[datetime] = mapped_column(index=True)


class ReportTally(Base):
    """A running total for the report: one programme's count of one thing in one week (see bot.tallies)."""

    __tablename__ = "report_tallies"

    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True
    )
    team_id: Mapped[str] = mapped_column(String(32), index=True)
    week: Mapped[date] = mapped_column(primary_key=True)  # its Monday
    name: Mapped[str] = mapped_column(String(24), primary_key=True)
    total: Mapped[int]
