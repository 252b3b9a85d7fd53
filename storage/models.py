"""Typed SQLAlchemy 2.0 models; every row belongs to one Slack team."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Enum, ForeignKey, MetaData, String, Text, UniqueConstraint
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


def _enum(cls: type[enum.Enum]) -> Enum:
    # Stored as VARCHAR with the enum's values: portable, and new values need no ALTER TYPE.
    return Enum(
        cls,
        native_enum=False,
        create_constraint=False,
        length=16,
        values_callable=lambda members: [m.value for m in members],
    )


class MemberStatus(enum.StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    LEFT = "left"


class Direction(enum.StrEnum):
    TEACH = "teach"
    LEARN = "learn"


class Member(Base):
    __tablename__ = "members"
    __table_args__ = (UniqueConstraint("team_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), index=True)
    user_id: Mapped[str] = mapped_column(String(32))
    status: Mapped[MemberStatus] = mapped_column(_enum(MemberStatus))
    career_stage: Mapped[str] = mapped_column(String(64))
    department: Mapped[str] = mapped_column(String(64))
    cadence: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    perspectives_consent: Mapped[bool] = mapped_column(default=False)
    perspectives_note: Mapped[str | None] = mapped_column(Text)
    tz: Mapped[str | None] = mapped_column(String(64))
    joined_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    paused_at: Mapped[datetime | None]
    paused_until: Mapped[date | None]
    left_at: Mapped[datetime | None]

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
    erased_at: Mapped[datetime]
