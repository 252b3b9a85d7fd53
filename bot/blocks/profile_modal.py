"""The join / edit-profile modal, and reading its submission back."""

from __future__ import annotations

import functools
import json

from slack_sdk.models.blocks import (
    Block,
    CheckboxesElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    OptionGroup,
    PlainTextInputElement,
    PlainTextObject,
    RadioButtonsElement,
    SectionBlock,
    StaticMultiSelectElement,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot import ids
from bot.blocks.forms import Form
from bot.catalogue import Catalogue
from bot.catalogue import Option as CatalogueOption
from bot.matching.scoring import Mode
from bot.payload import Payload
from bot.profile import DEFAULT_CADENCE, MAX_NOTE, MAX_TOPICS, Cadence, Field, Profile, ProfileInput
from bot.vocabulary import words


def newcomer_modal(catalogue: Catalogue, default_cadence: Cadence, mode: Mode = Mode.MUTUAL) -> Payload:
    """The join modal for someone not enrolled: the same for everyone in a programme, so built once (a fresh
    copy each time)."""
    view: Payload = json.loads(_newcomer_modal_json(catalogue, default_cadence, mode))
    return view


@functools.lru_cache(maxsize=16)
def _newcomer_modal_json(catalogue: Catalogue, default_cadence: Cadence, mode: Mode) -> str:
    return json.dumps(
        profile_modal(catalogue, None, enrolled=False, default_cadence=default_cadence, mode=mode).to_dict()
    )


def profile_modal(
    catalogue: Catalogue,
    profile: Profile | None = None,
    *,
    enrolled: bool = False,
    default_cadence: Cadence = DEFAULT_CADENCE,
    mode: Mode = Mode.MUTUAL,
) -> View:
    """The join / edit-profile modal; a newcomer's meeting cadence starts at the programme's default."""
    p = profile
    cadence = p.cadence if p else default_cadence
    groups = topic_groups(catalogue)

    def chosen(ids_: tuple[str, ...]) -> list[Option] | None:
        return topic_options(catalogue, ids_)

    blocks = [
        SectionBlock(text=MarkdownTextObject(text=words(mode).about)),
        _topics_input(
            Field.TEACH,
            "What I can teach",
            "Everyone knows something worth sharing.",
            groups,
            chosen(p.teach) if p else None,
        ),
        _topics_input(Field.LEARN, "What I want to learn", "", groups, chosen(p.learn) if p else None),
        InputBlock(
            block_id=Field.NOTE,
            label="Anything else your partner should know?",
            hint="Shown to your partner, as you write it, in your introduction.",
            optional=True,
            element=PlainTextInputElement(
                action_id=ids.INPUT_ACTION,
                multiline=True,
                max_length=MAX_NOTE,
                placeholder="e.g. I'm moving into management and want to learn from someone who just did",
                initial_value=(p.note if p and p.note else None),
            ),
        ),
        InputBlock(
            block_id=Field.CAREER_STAGE,
            label="Career stage",
            element=StaticSelectElement(
                action_id=ids.INPUT_ACTION,
                placeholder="Choose one",
                options=[_option(s) for s in catalogue.career_stages],
                initial_option=_initial(catalogue.career_stages, p.career_stage if p else None),
            ),
        ),
        InputBlock(
            block_id=Field.DEPARTMENT,
            label="Department",
            element=StaticSelectElement(
                action_id=ids.INPUT_ACTION,
                placeholder="Choose one",
                options=[_option(d) for d in catalogue.departments],
                initial_option=_initial(catalogue.departments, p.department if p else None),
            ),
        ),
        InputBlock(
            block_id=Field.CADENCE,
            label="How often would you like to meet?",
            element=RadioButtonsElement(
                action_id=ids.INPUT_ACTION,
                options=[Option(value=c.value, label=c.label) for c in Cadence],
                initial_option=Option(value=cadence.value, label=cadence.label),
            ),
        ),
    ]
    blocks += _perspective_blocks(catalogue, p)
    return View(
        type="modal",
        callback_id=ids.JOIN_VIEW,
        title=PlainTextObject(text="Your mentoring profile" if enrolled else f"Join {words(mode).name}"),
        submit=PlainTextObject(text="Save" if enrolled else "Join"),
        close=PlainTextObject(text="Cancel"),
        blocks=blocks,
    )


def _perspective_blocks(catalogue: Catalogue, p: Profile | None) -> list[Block]:
    consent_option = Option(
        value=ids.CONSENT_VALUE,
        label="I agree that the matching may use what I shared above",
        description="Used only to pair you across backgrounds; never shown to anyone.",
    )
    blocks: list[Block] = [
        DividerBlock(),
        HeaderBlock(text="Optional: perspectives"),
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text=(
                        "If your programme is about inclusion, sharing a perspective helps us pair people with "
                        "different lived experiences. Skip this freely; you can clear it any time."
                    )
                )
            ]
        ),
    ]
    if catalogue.perspectives:
        known = {o.id for o in catalogue.perspectives}
        initial = [
            _option(o) for o in catalogue.perspectives if p and o.id in p.perspectives and o.id in known
        ]
        blocks.append(
            InputBlock(
                block_id=Field.PERSPECTIVES,
                label="Perspectives I bring",
                optional=True,
                element=StaticMultiSelectElement(
                    action_id=ids.INPUT_ACTION,
                    placeholder="Choose any that fit",
                    options=[_option(o) for o in catalogue.perspectives],
                    initial_options=initial or None,
                ),
            )
        )
    blocks += [
        InputBlock(
            block_id=Field.CONSENT,
            label="Consent",
            optional=True,
            element=CheckboxesElement(
                action_id=ids.INPUT_ACTION,
                options=[consent_option],
                initial_options=[consent_option] if p and p.perspectives_consent else None,
            ),
        ),
    ]
    return blocks


def _topics_input(
    field: Field, label: str, hint: str, groups: list[OptionGroup], initial: list[Option] | None
) -> InputBlock:
    return InputBlock(
        block_id=field,
        label=label,
        hint=f"Up to {MAX_TOPICS}. {hint}".strip(),
        element=StaticMultiSelectElement(
            action_id=ids.INPUT_ACTION,
            placeholder="Choose topics",
            option_groups=groups,
            initial_options=initial,
            max_selected_items=MAX_TOPICS,
        ),
    )


def read_profile_submission(form: Form) -> ProfileInput:
    """Pick the fields out of the submitted modal by block_id and action_id, never by position."""
    return ProfileInput(
        teach=form.choices(Field.TEACH),
        learn=form.choices(Field.LEARN),
        note=form.text(Field.NOTE),
        career_stage=form.choice(Field.CAREER_STAGE),
        department=form.choice(Field.DEPARTMENT),
        cadence=form.choice(Field.CADENCE),
        perspectives=form.choices(Field.PERSPECTIVES),
        perspectives_consent=ids.CONSENT_VALUE in form.choices(Field.CONSENT),
    )


def topic_groups(catalogue: Catalogue) -> list[OptionGroup]:
    """The catalogue's topics as a select's option groups."""
    return [
        OptionGroup(label=g.label, options=[_option(t) for t in g.topics]) for g in catalogue.topic_groups
    ]


def topic_options(catalogue: Catalogue, chosen: tuple[str, ...]) -> list[Option] | None:
    """These topics as a select's initial options. Slack rejects initial options that are not in the list,
    so topics the catalogue no longer has (or a programme no longer offers) are dropped."""
    topics = catalogue.topics
    return [_option(topics[t]) for t in chosen if t in topics] or None


def _option(o: CatalogueOption) -> Option:
    return Option(value=o.id, label=o.label)


def _initial(options: tuple[CatalogueOption, ...], chosen: str | None) -> Option | None:
    return next((_option(o) for o in options if o.id == chosen), None)
