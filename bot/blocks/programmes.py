"""The workspace's programmes for admins: the list (`/mentor admin programmes`), the modal that makes or
changes one, and reading it back (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    SectionBlock,
    StaticMultiSelectElement,
    UserMultiSelectElement,
)
from slack_sdk.models.views import View

from bot import ids
from bot.blocks.forms import Form
from bot.blocks.profile_modal import topic_groups, topic_options
from bot.blocks.settings import MODES, select_input
from bot.catalogue import Catalogue
from bot.payload import Payload
from bot.programme import MAX_COMMITMENT, MAX_NAME, MAX_PURPOSE, ProgrammeProfile
from bot.text import typed

ENROLMENT_LABELS = {
    "open": "Open — anyone can join",
    "approval": "By approval — anyone can ask; a programme admin approves",
    "invitation": "By invitation — only people invited",
}
STATE_LABELS = {
    "active": "Running",
    "paused": "Paused — no rounds or messages until resumed",
    "archived": "Archived — sends nothing again; its report stays",
}
TYPE_NAMES = {"mutual": "mutual", "reverse": "reverse", "inclusive": "inclusive"}
MAX_LISTED = 22  # two blocks each: a message holds at most 50


@dataclass(frozen=True)
class Listed:
    """A programme as the admins' list shows it."""

    id: int
    profile: ProgrammeProfile
    members: int  # enrolled (active or paused)


def programmes_list(programmes: Sequence[Listed], *, may_add: bool = True) -> list[Block]:
    blocks: list[Block] = [
        SectionBlock(text=MarkdownTextObject(text=f"*Programmes in this workspace* ({len(programmes)})"))
    ]
    for p in programmes[:MAX_LISTED]:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=_line(p))))
        blocks.append(
            ActionsBlock(
                elements=[
                    ButtonElement(text="Change", action_id=ids.PROGRAMME_EDIT, value=str(p.id)),
                    ButtonElement(text="Settings", action_id=ids.PROGRAMME_SETTINGS, value=str(p.id)),
                ]
            )
        )
    if len(programmes) > MAX_LISTED:
        blocks.append(
            ContextBlock(elements=[MarkdownTextObject(text=f"…and {len(programmes) - MAX_LISTED} more.")])
        )
    if may_add:
        blocks.append(
            ActionsBlock(
                elements=[
                    ButtonElement(
                        text="New programme", action_id=ids.PROGRAMME_NEW, value="new", style="primary"
                    )
                ]
            )
        )
    return blocks


def _line(p: Listed) -> str:
    profile = p.profile
    state = "" if profile.state == "active" else f" · _{profile.state}_"
    people = f"{p.members} {'person' if p.members == 1 else 'people'}"
    line = (
        f"*{typed(profile.name)}* — {TYPE_NAMES[profile.mode.value]} · {profile.enrolment} · {people}{state}"
    )
    if profile.purpose:
        line += f"\n{typed(profile.purpose, limit=200)}"
    if profile.commitment:
        line += f"\n_{typed(profile.commitment)}_"
    return line


def programme_modal(current: ProgrammeProfile | None, programme_id: int | None, catalogue: Catalogue) -> View:
    """A new programme (current None), or a change to one (its topics chosen from this catalogue)."""
    p = current or ProgrammeProfile(name="")
    blocks: list[Block] = [
        InputBlock(
            block_id="name",
            label="Name",
            element=PlainTextInputElement(
                action_id=ids.INPUT_ACTION, initial_value=p.name or None, max_length=MAX_NAME
            ),
        ),
        InputBlock(
            block_id="purpose",
            label="Purpose",
            optional=True,
            hint="A sentence or two, shown when people join and in their introductions.",
            element=PlainTextInputElement(
                action_id=ids.INPUT_ACTION, initial_value=p.purpose, multiline=True, max_length=MAX_PURPOSE
            ),
        ),
        select_input(
            "mode", "Type", [Option(value=m.value, label=t) for m, t in MODES.items()], p.mode.value
        ),
        select_input(
            "enrolment",
            "Who may join",
            [Option(value=v, label=t) for v, t in ENROLMENT_LABELS.items()],
            p.enrolment,
        ),
        InputBlock(
            block_id="commitment",
            label="The commitment",
            optional=True,
            hint="What people sign up for, e.g. 45 minutes every two weeks for 12 weeks.",
            element=PlainTextInputElement(
                action_id=ids.INPUT_ACTION, initial_value=p.commitment, max_length=MAX_COMMITMENT
            ),
        ),
    ]
    blocks.append(
        InputBlock(
            block_id="admins",
            label="Its own admins",
            optional=True,
            hint="They run this programme (its rounds, settings, invitations and requests) and no other. "
            "A user group too: /mentor admin admins <programme> @group.",
            element=UserMultiSelectElement(action_id=ids.INPUT_ACTION, initial_users=list(p.admins) or None),
        )
    )
    blocks.append(
        InputBlock(
            block_id="topics",
            label="Its topics",
            optional=True,
            hint="What people choose from when they say what they teach and learn here. None chosen: every "
            "topic in the catalogue.",
            element=StaticMultiSelectElement(
                action_id=ids.INPUT_ACTION,
                placeholder="Every topic",
                option_groups=topic_groups(catalogue),
                initial_options=topic_options(catalogue, p.topics),
            ),
        )
    )
    if current is not None:
        blocks.append(
            select_input(
                "state", "Running", [Option(value=v, label=t) for v, t in STATE_LABELS.items()], p.state
            )
        )
    return View(
        type="modal",
        callback_id=ids.PROGRAMME_VIEW,
        private_metadata="" if programme_id is None else str(programme_id),
        title="New programme" if current is None else "Change the programme",
        submit="Create" if current is None else "Save",
        close="Cancel",
        blocks=blocks,
    )


def read_programme(form: Form) -> Payload:
    return {
        "name": form.text("name"),
        "purpose": form.text("purpose"),
        "commitment": form.text("commitment"),
        "mode": form.choice("mode"),
        "enrolment": form.choice("enrolment"),
        "state": form.choice("state") if form.has("state") else "active",
        "admins": form.users("admins"),
        "topics": form.choices("topics"),
    }


def programme_of_view(view: Payload) -> int | None:
    """Which programme a submitted modal is about (None: none said); checked against the workspace and the
    person when stored."""
    raw = str(view.get("private_metadata") or "")
    return int(raw) if raw.isdigit() else None


def programme_picker(choices: Sequence[tuple[int, ProgrammeProfile, bool, bool]]) -> View:
    """Which programme to join (or whose profile to change): (id, programme, enrolled, may join) each."""
    blocks: list[Block] = [
        SectionBlock(
            text=MarkdownTextObject(text="This workspace runs more than one mentoring programme. Which one?")
        )
    ]
    for programme_id, p, enrolled, may_join in choices[:MAX_LISTED]:
        about = _about(p)
        if may_join:
            label = (
                "Change my profile" if enrolled else "Ask to join" if p.enrolment == "approval" else "Join"
            )
            button = ButtonElement(
                text=label,
                action_id=ids.PROGRAMME_PICK,
                value=str(programme_id),
            )
            blocks.append(SectionBlock(text=MarkdownTextObject(text=about), accessory=button))
        else:
            blocks.append(
                SectionBlock(text=MarkdownTextObject(text=f"{about}\n_By invitation: ask its organisers._"))
            )
    return View(type="modal", title="Mentoring programmes", close="Close", blocks=blocks)


def _about(p: ProgrammeProfile) -> str:
    line = f"*{typed(p.name)}* — {TYPE_NAMES[p.mode.value]} mentoring"
    if p.purpose:
        line += f"\n{typed(p.purpose, limit=200)}"
    if p.commitment:
        line += f"\n_{typed(p.commitment)}_"
    return line


def about_programme(p: ProgrammeProfile) -> ContextBlock:
    """The programme a profile modal is for, named at its top when the workspace runs several."""
    return ContextBlock(elements=[MarkdownTextObject(text=_about(p))])
