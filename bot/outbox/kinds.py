"""What the bot sends, by kind, and each message's key: the only place keys are made or read.

A key names one message for ever: the outbox stores at most one row per (team, key), so queueing the
same key twice sends once, and the key goes into the message's first block (its marker) so that a
resend after a broken connection can find the original in the conversation. Keys already sent live in
Slack (in markers and in poll buttons), so their spelling never changes; each kind's key starts with
the kind's own name, except the two polls, whose keys predate the names (`poll:meeting:…`, `poll:pair:…`).
"""

from __future__ import annotations

from datetime import date, datetime

from bot import ids
from storage.models import POLL_MESSAGES, MessageKind

# The vocabulary is stored (outbox.kind), so it is declared beside the table; this module is its home.
Kind = MessageKind

POLLS = POLL_MESSAGES

# Where a message goes: to the pair's group DM, or to one person.
TO_PAIR = frozenset({Kind.INTRO, Kind.CHECKIN, Kind.NUDGE, Kind.STARTER, Kind.TIMES, Kind.MIDTERM})
# Those that carry a conversation starter (chosen once, when first sent): a starter is used when shown.
WITH_STARTER = frozenset({Kind.INTRO, Kind.CHECKIN, Kind.NUDGE, Kind.STARTER})


def intro(pair_id: int) -> str:
    return f"{Kind.INTRO}:pair:{pair_id}"


def checkin(pair_id: int, seq: int) -> str:
    return f"{Kind.CHECKIN}:pair:{pair_id}:{seq}"


def nudge(pair_id: int, since: date) -> str:
    """Once per gap: the same 'last met' date never nudges twice."""
    return f"{Kind.NUDGE}:pair:{pair_id}:since:{since.isoformat()}"


def starter(pair_id: int, clicked_ts: str) -> str:
    """Once per click on a message (a double click or a retried request asks once)."""
    return f"{Kind.STARTER}:pair:{pair_id}:from:{clicked_ts}"


def times(pair_id: int, clicked_ts: str) -> str:
    """Suggested meeting times: once per click on a message (a double click asks once)."""
    return f"{Kind.TIMES}:pair:{pair_id}:from:{clicked_ts}"


def guide(pair_id: int, member_id: int, when: str) -> str:
    """The guides for one person's side of a pairing at one moment (bot.guides.WHEN): once each."""
    return f"{Kind.GUIDE}:pair:{pair_id}:{when}:member:{member_id}"


def guide_moment(key: str) -> str | None:
    parts = key.split(":")
    return parts[3] if len(parts) == 6 and parts[0] == Kind.GUIDE.value else None


def midterm(pair_id: int, ends_on: date) -> str:
    """Halfway through the term that ends then: once per term."""
    return f"{Kind.MIDTERM}:pair:{pair_id}:{ends_on}"


def stalled(pair_id: int, seq: int, member_id: int) -> str:
    return f"{Kind.STALLED}:pair:{pair_id}:{seq}:member:{member_id}"


def stalled_admin(pair_id: int, seq: int, admin_user_id: str) -> str:
    return f"{Kind.STALLED_ADMIN}:pair:{pair_id}:{seq}:to:{admin_user_id}"


def term_end(pair_id: int, ends_on: date, member_id: int) -> str:
    return f"{Kind.TERM_END}:pair:{pair_id}:{ends_on}:member:{member_id}"


def meeting_poll(meeting_id: int, member_id: int) -> str:
    return f"poll:meeting:{meeting_id}:member:{member_id}"


def periodic_poll(pair_id: int, cycle: int, member_id: int) -> str:
    return f"poll:pair:{pair_id}:cycle:{cycle}:member:{member_id}"


def is_poll_after_meeting(key: str, meeting_id: int | None) -> bool:
    """Whether a meeting poll's key is the one after this meeting (the first meeting's asks about fit)."""
    return meeting_id is not None and key.startswith(f"poll:meeting:{meeting_id}:")


def waiting(member_id: int, since: datetime) -> str:
    """Once per stretch of waiting: a second round straight after (a double click) says nothing new."""
    return f"{Kind.WAITING}:member:{member_id}:since:{since.isoformat()}"


def partner_gone(pair_id: int, member_id: int) -> str:
    return f"{Kind.PARTNER_GONE}:pair:{pair_id}:member:{member_id}"


def left_trio(pair_id: int, leaver_id: int, member_id: int) -> str:
    """Someone left a trio: each of the two who stay is told once per departure."""
    return f"{Kind.PARTNER_GONE}:pair:{pair_id}:left:{leaver_id}:member:{member_id}"


def ended_pair(key: str) -> int | None:
    """The pair a partner_gone key tells of (None for an admin's unpairing, told to the person)."""
    parts = key.split(":")
    if len(parts) in (5, 7) and parts[0] == Kind.PARTNER_GONE and parts[1] == "pair":
        return int(parts[2])
    return None


def trio_leaver(key: str) -> int | None:
    """Who left the trio a left_trio key tells of (None for any other key)."""
    parts = key.split(":")
    if len(parts) == 7 and parts[0] == Kind.PARTNER_GONE and parts[3] == "left":
        return int(parts[4])
    return None


def removed(at: datetime, member_id: int) -> str:
    """An admin took someone out of the programme: told once per removal."""
    return f"{Kind.REMOVED}:{at.isoformat()}:member:{member_id}"


def invited(programme_id: int, user_id: str) -> str:
    """Someone invited to a programme: told once, however often they are invited."""
    return f"{Kind.INVITED}:programme:{programme_id}:user:{user_id}"


def invited_to(key: str) -> int | None:
    """The programme an invitation's key names."""
    parts = key.split(":")
    return int(parts[2]) if len(parts) > 2 and parts[0] == Kind.INVITED.value and parts[2].isdigit() else None


def join_decided(request_id: int, programme_id: int, approved: bool) -> str:
    """A request to join was decided: told once."""
    return (
        f"{Kind.JOIN_DECIDED}:programme:{programme_id}:{'approved' if approved else 'declined'}:{request_id}"
    )


def join_decision(key: str) -> tuple[int, bool] | None:
    """The programme and the decision a join_decided key names."""
    parts = key.split(":")
    if len(parts) != 5 or parts[0] != Kind.JOIN_DECIDED.value or not parts[2].isdigit():
        return None
    return int(parts[2]), parts[3] == "approved"


def team_note(note_id: int, admin_user_id: str) -> str:
    """Something written to a programme's team, to one of its admins: once each (never naming the writer)."""
    return f"{Kind.TEAM_NOTE}:{note_id}:to:{admin_user_id}"


def team_note_of(key: str) -> int | None:
    parts = key.split(":")
    return (
        int(parts[1]) if len(parts) == 4 and parts[0] == Kind.TEAM_NOTE.value and parts[1].isdigit() else None
    )


def listen(member_id: int, asked_on: date) -> str:
    """The listening question, asked of one member on one day (bot.listening: every six weeks at most)."""
    return f"{Kind.LISTEN}:member:{member_id}:on:{asked_on.isoformat()}"


def listen_asked_on(key: str) -> date | None:
    parts = key.split(":")
    if len(parts) != 5 or parts[0] != Kind.LISTEN.value:
        return None
    try:
        return date.fromisoformat(parts[4])
    except ValueError:
        return None


def heads_up(member_id: int, slot: str) -> str:
    """A working day before the round at `slot` (UTC, ISO): once per member and round."""
    return f"{Kind.HEADS_UP}:member:{member_id}:round:{slot}"


def heads_up_slot(key: str) -> datetime | None:
    kind, _, rest = key.partition(":member:")
    _, found, slot = rest.partition(":round:")
    if kind != Kind.HEADS_UP.value or not found:
        return None
    try:
        return datetime.fromisoformat(slot)
    except ValueError:
        return None


def thanks(thanks_id: int, member_id: int) -> str:
    """A thank-you to one partner: once per note and partner."""
    return f"{Kind.THANKS}:{thanks_id}:to:{member_id}"


def story_review(pair_id: int, admin_user_id: str) -> str:
    """A pair's story, to one admin to approve or decline: once each."""
    return f"{Kind.STORY_REVIEW}:pair:{pair_id}:to:{admin_user_id}"


def story(pair_id: int) -> str:
    """An approved story, in the programme's channel: once per pair."""
    return f"{Kind.STORY}:pair:{pair_id}"


def completed(pair_id: int, ends_on: date, member_id: int) -> str:
    """The note at the end of a term: once per term and member."""
    return f"{Kind.COMPLETED}:pair:{pair_id}:{ends_on}:member:{member_id}"


def channel_prompt(programme_id: int, fortnight: int) -> str:
    return f"{Kind.CHANNEL_PROMPT}:programme:{programme_id}:{fortnight}"


def channel_figure(programme_id: int, month: date) -> str:
    return f"{Kind.CHANNEL_FIGURE}:programme:{programme_id}:{month:%Y-%m}"


def number_after(key: str, word: str) -> int | None:
    """The number that follows `word` in a key (`pair` in `story:pair:12` → 12), if any."""
    parts = key.split(":")
    for here, following in zip(parts, parts[1:], strict=False):
        if here == word and following.isdigit():
            return int(following)
    return None


def intro_ended(pair_id: int) -> str:
    """The pair's introduction, updated in place to say the pairing ended: once."""
    return f"{Kind.INTRO_ENDED}:pair:{pair_id}"


def why_ended(pair_id: int, member_id: int) -> str:
    """After a pairing ended: one tap, why? Once per pair and member."""
    return f"{Kind.WHY_ENDED}:pair:{pair_id}:member:{member_id}"


def closing(pair_id: int, closes_on: date, member_id: int) -> str:
    """A quiet pair closes on that day unless someone answers: told once per person and closing."""
    return f"{Kind.CLOSING}:pair:{pair_id}:{closes_on}:member:{member_id}"


def ask_teach(ask_id: int) -> str:
    """Could you teach a scarce topic too? Once per ask (storage: once per member and topic, ever)."""
    return f"{Kind.ASK_TEACH}:{ask_id}"


def ask_teach_of(key: str) -> int | None:
    kind, _, rest = key.partition(":")
    return int(rest) if kind == Kind.ASK_TEACH.value and rest.isdigit() else None


def unpaired(at: datetime, member_id: int) -> str:
    """An admin ended someone's pairing: told once per unpairing."""
    return f"{Kind.PARTNER_GONE}:admin:{at.isoformat()}:member:{member_id}"


def term_choice(pair_id: int, ends_on: date) -> str:
    """Not a message: the key under which a pair's term-end choices are stored (poll_answers.poll_key)."""
    return f"term-choice:pair:{pair_id}:{ends_on}"


def kind_of(key: str) -> Kind:
    """The kind a key was made for."""
    if key.startswith("poll:meeting:"):
        return Kind.POLL_MEETING
    if key.startswith("poll:pair:"):
        return Kind.POLL_PERIODIC
    return Kind(key.partition(":")[0])


def marker(key: str) -> str:
    """The block_id of a message's first block: how a resend finds the original in the conversation."""
    return f"{ids.OUTBOX_BLOCK_PREFIX}{key}"


def key_in(block_id: str) -> str | None:
    """The key a marker block carries, or None for any other block."""
    return (
        block_id.removeprefix(ids.OUTBOX_BLOCK_PREFIX)
        if block_id.startswith(ids.OUTBOX_BLOCK_PREFIX)
        else None
    )
