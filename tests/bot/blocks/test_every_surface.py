"""Every message, modal and Home view a member reads, rendered in each programme mode with realistic people
(a junior analyst paired with the CFO): the words keep the bot's promises."""

import json
from datetime import UTC, date, datetime

import pytest

from bot.agreement import Goal, Rating, Terms
from bot.blocks import messages
from bot.blocks.agreement import Shown, agree_modal, propose_modal
from bot.blocks.away import heads_up_message
from bot.blocks.dialogs import avoid_modal, leave_modal, pause_modal, talk_modal
from bot.blocks.endings import why_message
from bot.blocks.home import home_view
from bot.blocks.intro import Person, intro_message
from bot.blocks.keep_meeting import (
    checkin_message,
    guide_message,
    midterm_message,
    nudge_message,
    poll_message,
    poll_modal,
    stalled_message,
    starter_message,
    term_end_message,
    times_message,
)
from bot.blocks.listening import listen_message, listen_modal
from bot.blocks.profile_modal import newcomer_modal, profile_modal
from bot.blocks.recognition import (
    channel_figure_message,
    channel_prompt_message,
    completed_message,
    story_modal,
    story_post,
    story_review_message,
    thanks_message,
    thanks_modal,
)
from bot.blocks.skills import ask_teach_message
from bot.catalogue import load_catalogue
from bot.guides import Guide
from bot.guides import shown as guide_shown
from bot.matching.explain import explain
from bot.matching.scoring import Candidate, Mode, Rules
from bot.profile import Cadence, Enrolment, Profile, State
from bot.programme import ProgrammeSettings
from bot.services.rounds import group_reasons
from bot.starters import Starter, Turn
from bot.vocabulary import words

NOW = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
PRIYA, MARGARET = 1, 2  # a junior analyst and the CFO
TYPED = "Ask me about <!channel> & <@U0CFO> dashboards"  # person-typed text that would ping, were it markup
PERSPECTIVE_WORDS = ("perspective", "first-gen", "caregiver", "disability", "career-changer", "background")
CATALOGUE = load_catalogue()


def the_pair(mode: Mode):
    priya = Candidate(key=PRIYA, teach=frozenset({"ai-tools", "data-analysis"}), learn=frozenset({"stakeholder-management"}),
                      stage=0, department="finance", perspectives=frozenset({"first-gen", "caregiver"}),
                      utc_offset_minutes=0)  # fmt: skip
    margaret = Candidate(key=MARGARET, teach=frozenset({"stakeholder-management"}), learn=frozenset({"ai-tools"}),
                         stage=4, department="leadership", perspectives=frozenset({"international"}),
                         utc_offset_minutes=0)  # fmt: skip
    reasons, _ = group_reasons([priya, margaret], Rules(mode=mode))
    return reasons


def surfaces(mode: Mode) -> dict[str, str]:
    """Everything a member may read in this mode, as Slack would get it."""
    reasons = the_pair(mode)
    people = [Person(PRIYA, "UPRIYA", "Europe/London", TYPED), Person(MARGARET, "UMARGARET", "Europe/London")]
    profile = Profile(teach=("ai-tools",), learn=("sql",), career_stage="early", department="finance",
                      cadence=Cadence.BIWEEKLY, note=TYPED, perspectives=("caregiver",), perspectives_consent=True)  # fmt: skip
    enrolment = Enrolment(user_id="UPRIYA", state=State.ACTIVE, profile=profile, partners=("UMARGARET",),
                          pair_ends_on=date(2027, 2, 22))  # fmt: skip
    settings = ProgrammeSettings(mode=mode)
    terms = Terms(
        (Goal(PRIYA, MARGARET, TYPED), Goal(MARGARET, PRIYA, "Reading a P&L")), Cadence.WEEKLY, 30, TYPED
    )
    shown = Shown(terms=terms, waiting=("UMARGARET",))
    intro = intro_message(key="intro:pair:1", pair_id=1, people=people, reasons=reasons, catalogue=CATALOGUE,
                          turn=None, now=NOW, agreement=shown, mode=mode)  # fmt: skip
    mention = {PRIYA: "<@UPRIYA>", MARGARET: "<@UMARGARET>"}.get
    ended = intro_message(key="intro:pair:1", pair_id=1, people=people, reasons=reasons, catalogue=CATALOGUE,
                          turn=None, now=NOW, ended=True, mode=mode)  # fmt: skip
    out = {
        "intro": json.dumps([intro[0], [b.to_dict() for b in intro[1]]], ensure_ascii=False),
        "ended intro": json.dumps([ended[0], [b.to_dict() for b in ended[1]]], ensure_ascii=False),
        "why (admin preview)": explain(
            reasons, [PRIYA, MARGARET], {PRIYA: "Priya", MARGARET: "Margaret"}.get, CATALOGUE.topic_label
        ),  # fmt: skip
        "home": json.dumps(
            home_view(enrolment, CATALOGUE, today=NOW.date(), mode=mode).to_dict(), ensure_ascii=False
        ),
        "join modal": json.dumps(newcomer_modal(CATALOGUE, Cadence.BIWEEKLY, mode), ensure_ascii=False),
        "profile modal": json.dumps(
            profile_modal(CATALOGUE, profile, enrolled=True, mode=mode).to_dict(), ensure_ascii=False
        ),
        "welcome": messages.join_welcome(enrolment, CATALOGUE, first_time=True, mode=mode),
        "help": messages.HELP,
        "waiting": messages.waiting_for_next_round(settings, no_partner=True)
        + messages.waiting_for_next_round(settings, no_partner=False),
        "poll": json.dumps(poll_modal(poll_key="k", ask_fit=True).to_dict(), ensure_ascii=False),
        "removed": messages.removed_by_admin(),
        "left trio": messages.left_trio("UPRIYA", ["UMARGARET"]),
        "status": messages.status_text(enrolment, CATALOGUE, today=NOW.date()),
    }
    turn = Turn(Starter("admin-1", "career", "both", TYPED), "UPRIYA")  # an admin's own starter, typed
    for name, (text, blocks) in {
        "check-in": checkin_message(
            key="k", checkin_id=1, pair_id=1, people=["UPRIYA", "UMARGARET"], since=NOW.date(), turn=turn
        ),  # fmt: skip
        "nudge": nudge_message(
            key="k", pair_id=1, people=["UPRIYA", "UMARGARET"], since=NOW.date(), turn=turn
        ),
        "starter": starter_message(key="k", pair_id=1, turn=turn),
        "stalled": stalled_message(key="k", pair_id=1, partners=["UMARGARET"]),
        "term end": term_end_message(key="k", pair_id=1, partners=["UMARGARET"], poll_key="k"),
        "poll message": poll_message(key="k", poll_key="k"),
        "guide": guide_message(
            key="k",
            when="intro",
            partners=["UMARGARET"],
            guides=[guide_shown(Guide("g", TYPED, TYPED, typed=True))],
            kind=words(mode).name,
        ),  # fmt: skip
        "times": times_message(
            key="k", pair_id=1, slots=[NOW], people=[("UPRIYA", "Europe/London")], minutes=30
        ),
        "midterm": midterm_message(key="k", people=["UPRIYA", "UMARGARET"], agreement=[]),
        "team note": (messages.team_note(TYPED, TYPED, None), []),
        "listening question": listen_message(key="k", question=CATALOGUE.listening[0].label),
        "thanks": thanks_message(key="k", writer="UMARGARET", text=TYPED),
        "completed": completed_message(
            key="k", partners=["UMARGARET"], weeks=12, meetings=6, taught=["AI tools"], learned=[TYPED]
        ),
        "story review": story_review_message(
            key="k",
            pair_id=1,
            stories=[("UPRIYA", TYPED), ("UMARGARET", TYPED)],
            programme=TYPED,
            channel="C1",
        ),
        "story post": story_post(key="k", stories=[("UPRIYA", TYPED), ("UMARGARET", TYPED)], programme=TYPED),
        "why ended": why_message(key="k", pair_id=1, partners=["UMARGARET"]),
        "closing": stalled_message(key="k", pair_id=1, partners=["UMARGARET"], closes_on=NOW.date()),
        "heads-up": heads_up_message(key="k", slot=NOW, tz="Europe/London"),
        "ask to teach": ask_teach_message(key="k", ask_id=1, topic=TYPED, wanting=14),
        "channel prompt": channel_prompt_message(key="k", question=TYPED, programme=TYPED),
        "channel figure": channel_figure_message(
            key="k", month="January 2027", programme=TYPED, pairs_met=6, meetings=14, topics=11
        ),
    }.items():
        out[name] = json.dumps([text, [b.to_dict() for b in blocks]], ensure_ascii=False)
    for name, view in {
        "agreement modal": propose_modal(
            pair_id=1,
            terms=terms,
            mention=lambda m: mention(m or 0, ""),
            to_rate=[Rating("sql", "SQL", None)],
        ),  # fmt: skip
        "agree modal": agree_modal(
            pair_id=1,
            version=1,
            terms=terms,
            mention=lambda m: mention(m or 0, ""),
            to_rate=[Rating("sql", "SQL", 3)],
        ),  # fmt: skip
        "pause modal": pause_modal(today=NOW.date()),
        "leave modal": leave_modal(),
        "avoid modal": avoid_modal(["UMARGARET"]),
        "talk modal": talk_modal([(1, "Leaders"), (2, TYPED)]),
        "listening modal": listen_modal(key="k", question=TYPED, catalogue=CATALOGUE, min_group=3),
        "thanks modal": thanks_modal(poll_key="k", partners=["UMARGARET"]),
        "story modal": story_modal(pair_id=1, partners=["UMARGARET"]),
    }.items():
        out[name] = json.dumps(view.to_dict(), ensure_ascii=False)
    for reason in (
        "not_a_fit",
        "ended_by_member",
        "member_left",
        "member_unavailable",
        "admin",
        "term_end",
        "quiet",
    ):
        out[f"partner gone ({reason})"] = messages.partner_gone(reason, ["UPRIYA"])
    return out


@pytest.mark.parametrize("mode", list(Mode))
def test_no_surface_hints_at_anyone_s_perspectives(mode):
    for name, text in surfaces(mode).items():
        shown = text.replace("your perspectives are never shown to anyone", "")  # the promise itself
        if name in ("join modal", "profile modal"):  # where people choose their own, and consent
            continue
        if name == "listening modal":  # the catalogue's topics, one of whose ids is "next-gen-perspective"
            shown = shown.replace("next-gen-perspective", "")
        assert not any(word in shown.lower() for word in PERSPECTIVE_WORDS), name


@pytest.mark.parametrize("mode", list(Mode))
def test_each_programme_speaks_in_its_own_words(mode):
    every = surfaces(mode)
    name = {
        Mode.MUTUAL: "mutual mentoring",
        Mode.REVERSE: "reverse mentoring",
        Mode.INCLUSIVE: "inclusive mentoring",
    }[mode]
    assert (
        name in every["intro"] and name in every["welcome"].lower() and f"Join {name}" in every["join modal"]
    )
    assert name.capitalize() in every["home"]
    if mode is not Mode.MUTUAL:
        assert not any("mutual" in text.lower() for text in every.values())
    assert "newer voice" not in json.dumps(every) and "generation" not in json.dumps(every)


def test_reverse_mode_names_the_junior_as_the_mentor_on_her_topics():
    why = surfaces(Mode.REVERSE)["why (admin preview)"]
    assert why.startswith("Priya mentors Margaret on AI tools & prompt writing; Margaret shares Stakeholder")


def test_person_typed_text_is_shown_as_text_everywhere():
    for mode in Mode:
        for name, text in surfaces(mode).items():
            if name in ("profile modal", "agreement modal", "talk modal"):  # typed text in plain_text fields
                continue
            assert "<!channel>" not in text and "<@U0CFO>" not in text, name
    intro = surfaces(Mode.MUTUAL)["intro"]
    assert "&lt;!channel&gt; &amp; &lt;@U0CFO&gt;" in intro  # the note and the agreement, escaped


def test_no_message_says_who_chose_not_a_fit_or_why():
    for mode in Mode:
        every = surfaces(mode)
        for reason in ("not_a_fit", "ended_by_member"):
            told = every[f"partner gone ({reason})"]
            assert "not a fit" not in told.lower() and "chose" not in told and "no one's fault" in told
        assert "not_fit" not in every["intro"]  # nothing to press in the shared group DM
        assert "This pairing has ended" in every["ended intro"]


def test_in_reverse_mode_each_side_prepares_for_their_part():
    intro = surfaces(Mode.REVERSE)["intro"]
    assert "Before you meet" in intro
    assert "<@UPRIYA>: you're the mentor on AI tools & prompt writing" in intro
    assert "<@UMARGARET>: come to listen and learn" in intro
    assert "Before you meet" not in surfaces(Mode.MUTUAL)["intro"] + surfaces(Mode.INCLUSIVE)["intro"]


def test_the_introduction_says_each_thing_once():
    intro = surfaces(Mode.MUTUAL)["intro"]
    assert intro.count("can show <@UMARGARET>") == 1 and intro.count("can help <@UPRIYA>") == 1
