"""Texts for replies to /mentor and for the bot's direct messages."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from slack_sdk.models.blocks import Block, ContextBlock, MarkdownTextObject, SectionBlock

from bot.catalogue import Catalogue
from bot.commands import MENTOR
from bot.keeping import RULES
from bot.matching.scoring import Mode
from bot.outbox import kinds
from bot.pausing import EXAMPLES, long_date
from bot.profile import Enrolment, State
from bot.programme import ProgrammeSettings
from bot.text import from_slack, typed
from bot.timezones import local_date
from bot.vocabulary import words

# One line per sub-command a member uses, in the grammar's order (bot/commands.py); admins' are in admin.py.
HELP_LINES = {
    "join": "`/mentor join` — enrol: what you can teach, what you'd like to learn",
    "profile": "`/mentor profile` — edit your profile",
    "status": "`/mentor status` — where you stand",
    "pause": f"`/mentor pause` — take a break, e.g. {EXAMPLES}",
    "resume": "`/mentor resume` — come back from a pause",
    "leave": "`/mentor leave` — leave the programme, and erase your data if you wish",
    "my": "`/mentor my data` — a file of everything held about you, in your DM",
    "avoid": "`/mentor avoid @someone` — privately never be paired with them (`/mentor avoid` shows your list, "
    "`/mentor unavoid @someone` takes them off)",
    "help": "`/mentor help` — this list",
}
MY_DATA_COMMENT = (
    "Everything the mentoring bot holds about you: your profiles, pairings, check-in and poll answers, "
    "invitations and requests (never anyone else's answers). `/mentor leave` can erase it."
)
MY_DATA_SENT = "The file with everything held about you is in your DM with me."
MY_DATA_HOW = "Did you mean `/mentor my data`? It sends you a file of everything held about you."
NOT_IN_HELP = {"unavoid": "avoid", "report": "admins", "admin": "admins"}  # where each is explained instead
HELP = (
    "*Mentoring* pairs you with a colleague to learn from each other: each of you brings something to share.\n"
    + "".join(f"• {HELP_LINES[sub.name]}\n" for sub in MENTOR if sub.name in HELP_LINES)
    + "You'll also find all of this on the bot's *Home* tab."
)

ERROR = (
    "Sorry — something went wrong on our side. Please try again in a moment; if it keeps happening, "
    "let whoever runs the mentoring programme know."
)
BUSY = "Sorry — the mentoring programme is busy right now and couldn't do that. Please try again in a moment."


def unknown_command(word: str) -> str:
    shown = typed(from_slack(word), limit=40)
    return f"I don't know `/mentor {shown}` — here's what I can do:\n\n{HELP}"


def join_welcome(
    enrolment: Enrolment,
    catalogue: Catalogue,
    *,
    first_time: bool,
    mode: Mode = Mode.MUTUAL,
    programme: str | None = None,
    purpose: str | None = None,
    commitment: str | None = None,
) -> str:
    """Welcome (or "saved"), naming the programme where the workspace runs several, with its purpose and
    the commitment when its admins wrote them."""
    p = enrolment.profile
    assert p is not None
    teach = _topics(p.teach, catalogue)
    learn = _topics(p.learn, catalogue)
    if first_time:
        head = f"Welcome to {f'*{typed(programme)}*' if programme else words(mode).name}! :tada:"
        tail = "Matching rounds run every week; I'll introduce you to your partner in a group DM."
    else:
        head = (
            f"Your profile for *{typed(programme)}* is saved."
            if programme
            else "Your mentoring profile is saved."
        )
        tail = "Changes apply from the next matching round."
    about = "".join(f"\n_{typed(t)}_" for t in (purpose, commitment) if t and first_time)
    return f"{head}{about}\nYou can teach *{teach}* and want to learn *{learn}*; {p.cadence.label.lower()} suits you.\n{tail}"


def paused(until: date | None, where: tuple[str, ...] = (), every: bool = True) -> str:
    there = in_programmes(where, every)
    if until is None:
        return f"You're paused{there}: no matches or messages until you `/mentor resume`."
    return (
        f"You're paused{there} until *{long_date(until)}* — no matches or messages until then. "
        "`/mentor resume` brings you back sooner."
    )


def resumed(where: tuple[str, ...] = (), every: bool = True) -> str:
    if not where:
        return RESUMED
    rounds = "their next rounds" if len(where) > 1 else "its next round"
    return f"Welcome back! You're active again{in_programmes(where, every)} and will be included in {rounds}."


def in_programmes(where: tuple[str, ...], every: bool = True) -> str:
    """ " in all your programmes (A and B)", " in A" (the one chosen) — or nothing, for someone in one
    programme of a workspace that runs one."""
    if not where:
        return ""
    return f" in all your programmes ({_names(where)})" if every else f" in {_names(where)}"


def _names(where: tuple[str, ...]) -> str:
    names = [f"*{typed(n)}*" for n in where]
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else "".join(names)


RESUMED = "Welcome back! You're active again and will be included in the next matching round."
NOT_PAUSED = "You're not paused — you're already active in the programme."


def left(kept: bool, where: tuple[str, ...], every: bool = True) -> str:
    """Goodbye, saying which programmes they left when there were several."""
    if not where:
        return LEFT_KEPT if kept else LEFT_ERASED
    if not every:
        if kept:
            return (
                f"You've left {_names(where)}. Your profile there is kept so you can come back with "
                "`/mentor join`; run `/mentor leave` again to erase it."
            )
        return f"You've left {_names(where)} and your data there has been erased. Thank you for taking part."
    if kept:
        return (
            f"You've left all your programmes ({_names(where)}). Your profiles are kept so you can come back "
            "with `/mentor join`; run `/mentor leave` again to erase them."
        )
    return f"You've left all your programmes ({_names(where)}) and your data has been erased. Thank you for taking part."


LEFT_KEPT = (
    "You've left the mentoring programme. Your profile is kept so you can come back with `/mentor join`; "
    "run `/mentor leave` again to erase it."
)
LEFT_ERASED = "You've left the mentoring programme and your data has been erased. Thank you for taking part."
ALREADY_LEFT = "You've already left the programme. `/mentor join` brings you back whenever you like."


def status_blocks(enrolment: Enrolment, catalogue: Catalogue, *, today: date) -> list[Block]:
    return [SectionBlock(text=MarkdownTextObject(text=status_text(enrolment, catalogue, today=today)))]


def status_text(enrolment: Enrolment, catalogue: Catalogue, *, today: date) -> str:
    state, p = enrolment.state, enrolment.profile
    if state is State.NOT_ENROLLED or p is None:
        return "You're not in the mentoring programme yet. `/mentor join` takes a minute."
    if state is State.LEFT:
        return ALREADY_LEFT
    lines = []
    if state is State.PAUSED:
        lines.append(":double_vertical_bar: " + paused(enrolment.paused_until))
    elif enrolment.partners:
        partners = mentioned(enrolment.partners, nobody="")
        until = f" until {long_date(enrolment.pair_ends_on)}" if enrolment.pair_ends_on else ""
        lines.append(f":handshake: You're *paired* with {partners}{until} — your group DM has the details.")
    elif enrolment.waiting:
        lines.append(":white_check_mark: You're *active* and *first in line* for the next matching round.")
    else:
        lines.append(":white_check_mark: You're *active* and waiting for your next match.")
    if enrolment.away and state is not State.PAUSED:
        until = (
            f" until {long_date(local_date(enrolment.away_until, enrolment.tz))}"
            if enrolment.away_until
            else ""
        )
        lines.append(
            f":palm_tree: Your Slack status says you're away{until}: no new pairing and no check-ins until "
            "you're back. Nothing to do — it ends with your status."
        )
    lines += [
        f"*You can teach:* {_topics(p.teach, catalogue)}",
        f"*You want to learn:* {_topics(p.learn, catalogue)}",
        f"*Career stage:* {catalogue.label('career_stages', p.career_stage)} · "
        f"*Department:* {catalogue.label('departments', p.department)} · *Meetings:* {p.cadence.label.lower()}",
    ]
    if enrolment.tz:
        lines.append(f"*Timezone:* {enrolment.tz} (from your Slack profile)")
    return "\n".join(lines)


def statuses_text(found: list[tuple[str, Enrolment]], catalogue: Catalogue, *, today: date) -> str:
    """Where someone stands: in their one programme as status_text says, or in each, under its name."""
    if len(found) == 1:
        return status_text(found[0][1], catalogue, today=today)
    return "\n\n".join(f"*{typed(name)}*\n{status_text(e, catalogue, today=today)}" for name, e in found)


def invited(name: str, purpose: str | None, commitment: str | None) -> str:
    lines = [f":wave: You're invited to *{typed(name)}*, a mentoring programme here."]
    if purpose:
        lines.append(typed(purpose))
    if commitment:
        lines.append(f"_{typed(commitment)}_")
    lines.append(f"If you'd like to take part: `/mentor join {typed(name)}`. If not, there's nothing to do.")
    return "\n".join(lines)


def join_requested(name: str) -> str:
    return (
        f"Thanks — your request to join *{typed(name)}* is with its admins, with the profile you filled in. "
        "You'll hear back here."
    )


def join_decided(name: str, approved: bool) -> str:
    if approved:
        return (
            f":tada: You're in *{typed(name)}*: its admins approved your request. You'll be matched in its "
            "next round."
        )
    return (
        f"Your request to join *{typed(name)}* wasn't approved this time — thank you for asking. Its admins "
        "can tell you more; your profile for it has been deleted."
    )


def privacy_context() -> ContextBlock:
    return ContextBlock(
        elements=[
            MarkdownTextObject(
                text=(
                    ":lock: Your feedback is confidential and your perspectives are never shown to anyone. "
                    "Leaving can erase everything we hold about you."
                )
            )
        ]
    )


def _topics(topic_ids: tuple[str, ...], catalogue: Catalogue) -> str:
    return ", ".join(catalogue.topic_label(t) for t in topic_ids)


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def waiting_for_next_round(settings: ProgrammeSettings, *, no_partner: bool) -> str:
    """Why someone wasn't matched, truthfully and without saying whose choice it was (an avoid list, a
    "not a fit"): nobody in the round could be paired with them, or everyone who could went elsewhere."""
    why = (
        "nobody in this round could be paired with you — usually because working hours overlap too little, "
        "or because you were paired recently with the people available"
        if no_partner
        else "everyone you could have been paired with this round was matched with someone else"
    )
    return (
        f"You weren't matched this time — {why}. Sorry! "
        f"You're *first in line* for the next round, on {WEEKDAYS[settings.round_weekday]}."
    )


def partner_gone(reason: str, partners: list[str]) -> str:
    """To someone whose pairing ended without their choosing: by name, kindly, blaming no one (and never
    saying who chose it or why, beyond what is plain: someone left, or can't be reached)."""
    first = "You're *first in line* for the next round."
    if not partners and reason == "admin":  # the person an admin unpaired
        return f"The programme team has ended your current pairing. {first}"
    names = mentioned(partners, nobody="")
    pairing = f"Your pairing with {names}" if partners else "Your mentoring pairing"
    if reason == "member_unavailable":
        return f"{pairing} has ended: their Slack account can no longer be reached. {first}"
    if reason == "member_left":
        return f"{pairing} has ended: they've stepped back from the programme. {first}"
    if reason == "admin":
        return f"{pairing} has ended — the programme team made a change; it's no one's fault. {first}"
    if reason == "quiet":
        return (
            f"{pairing} has been closed after a quiet spell — no one answered for a few weeks, which happens, "
            f"and it's no one's fault. {first} (`/mentor pause` if now isn't the time.)"
        )
    if reason == "term_end":
        return f"{pairing} has come to the end of its term — thank you for taking part! {first}"
    return f"{pairing} has ended — that happens, and it's no one's fault. {first}"


def left_trio(leaver: str | None, staying: list[str]) -> str:
    """To each of the two who stay when someone leaves their trio (never why)."""
    who = f"<@{leaver}>" if leaver else "One of your trio"
    pair = f"You and {' and '.join(f'<@{u}>' for u in staying)}" if staying else "You"
    return (
        f"{who} has left your mentoring trio — that happens, and it's no one's fault. {pair} carry on as a "
        "pair: your next message from me comes to a new group DM for just the two of you."
    )


def removed_by_admin() -> str:
    """To someone an admin took out of the programme."""
    return (
        "The programme team has taken you out of the mentoring programme, so you won't be matched for now. "
        "Your profile is kept: `/mentor join` brings you back whenever you like, and `/mentor leave` can "
        "erase it."
    )


def _count(n: int) -> str:
    return {2: "two", 3: "three", 4: "four", 5: "five"}.get(n, str(n))


def pair_stalled(*, people: list[str], since: date) -> str:
    """To an admin: a pair has gone quiet (they already see it in the report)."""
    names = mentioned(people, nobody="")
    return (
        f":warning: A mentoring pair has gone quiet: {names} haven't answered their last {_count(RULES.stalled_after)} check-ins "
        f"(last met or paired on {long_date(since)}). Each has been asked privately whether to keep going, "
        "pause or end. A word from you might help; `/mentor report` lists every stalled pair."
    )


MAX_TEAM_NOTE = 2000


def team_note(programme: str, text: str, writer: str | None) -> str:
    """To an admin: what someone wrote to the programme team (as typed: data, never markup), and who only
    if they chose to say."""
    quoted = "\n".join(f">{line}" for line in typed(text).splitlines() or [""])
    if writer:
        return (
            f":envelope: <@{writer}> wrote to the *{typed(programme)}* programme team:\n{quoted}\n"
            "_They chose to share their name: you can reply to them directly._"
        )
    return (
        f":envelope: Someone in *{typed(programme)}* wrote to the programme team, anonymously:\n{quoted}\n"
        "_They chose not to share their name, and the bot doesn't keep it: act on it for everyone rather than "
        "looking for who wrote it._"
    )


def team_note_sent(programme: str, named: bool, admins: int) -> str:
    how = "with your name" if named else "anonymously — your name isn't stored anywhere"
    return (
        f":envelope: Sent to the *{typed(programme)}* programme team ({admins} "
        f"{'person' if admins == 1 else 'people'}), {how}. Thank you for telling us."
    )


NO_ONE_TO_TELL = (
    "This programme has no admins who can read messages yet, so I haven't sent it. Nothing you wrote was "
    "kept; please try again once its admins are set up."
)


def marker(key: str, text: str) -> SectionBlock:
    """A message's first block: its text, under a block_id that lets a resend find it (bot/outbox/send.py)."""
    return SectionBlock(block_id=kinds.marker(key), text=MarkdownTextObject(text=text))


def mentioned(users: Sequence[str], *, nobody: str = "your partner") -> str:
    """Slack ids as mentions joined by "and" (`nobody` when there are none)."""
    return " and ".join(f"<@{u}>" for u in users) or nobody


def marked(key: str, text: str) -> list[Block]:
    """A one-section message (see `marker`)."""
    return [marker(key, text)]


def avoid_list(user_ids: list[str]) -> str:
    if not user_ids:
        return "Your private “don't pair me with” list is empty. Add someone with `/mentor avoid @name`."
    names = ", ".join(f"<@{u}>" for u in user_ids)
    return f"You won't be paired with: {names}. Only you can see this list; nobody on it is ever told."


AVOID_HOW = (
    "Mention the people, like `/mentor avoid @name` — I'll never pair you with them, and they won't know."
)
NOT_IN_PAIR = "This button belongs to the people in this pairing."
ALREADY_AGREED = "You've agreed to this version — it counts as soon as your partner agrees too."


def thanks_sent(partners: list[str]) -> str:
    if not partners:
        return "You've thanked them for this meeting already — it's on its way."
    names = mentioned(partners, nobody="")
    return f":sparkling_heart: Your thanks will reach {names} privately. Kind words travel far."


def story_shared(*, saved: bool, complete: bool) -> str:
    if not saved:
        return "You've shared your story already — thank you. The first version stands."
    if complete:
        return (
            ":star2: Thank you! Everyone in your pairing has shared their part: the programme team will look at "
            "it, and if they approve, it's posted in the programme's channel with your names."
        )
    return (
        ":star2: Thank you! It's kept until your partner shares theirs too; then the programme team looks at it. "
        "Nothing is posted without both of you and their approval."
    )
