"""The programme catalogue (topics, career stages, departments, perspectives), loaded from TOML data."""

from __future__ import annotations

import tomllib
from collections.abc import Collection
from dataclasses import dataclass, replace
from pathlib import Path

from bot.payload import Payload

DEFAULT_FILE = Path(__file__).resolve().parent / "data" / "catalogue.toml"
MAX_LABEL = 75  # Block Kit option text limit
MAX_ID = 150  # Block Kit option value limit
MAX_OPTIONS = 100  # Block Kit static select limit
MAX_QUESTION = 300  # a listening question, shown in a section and a modal


class CatalogueError(Exception):
    pass


@dataclass(frozen=True)
class Option:
    id: str
    label: str


@dataclass(frozen=True)
class TopicGroup:
    label: str
    topics: tuple[Option, ...]


@dataclass(frozen=True)
class Catalogue:
    topic_groups: tuple[TopicGroup, ...]
    career_stages: tuple[Option, ...]  # ordered from earliest to most senior
    departments: tuple[Option, ...]
    perspectives: tuple[Option, ...]
    listening: tuple[Option, ...] = ()  # the listening loop's questions (label: the question), in order

    @property
    def topics(self) -> dict[str, Option]:
        return {t.id: t for g in self.topic_groups for t in g.topics}

    def topic_label(self, topic_id: str) -> str:
        option = self.topics.get(topic_id)
        return option.label if option else topic_id

    @property
    def stage_ranks(self) -> dict[str, int]:
        return {s.id: i for i, s in enumerate(self.career_stages)}

    def stage_rank(self, stage_id: str) -> int | None:
        ids = [s.id for s in self.career_stages]
        return ids.index(stage_id) if stage_id in ids else None

    def only(self, topic_ids: Collection[str] | None) -> Catalogue:
        """The catalogue with only these topics (a programme's own choice), in their groups' order; None:
        every topic."""
        if topic_ids is None:
            return self
        keep = set(topic_ids)
        groups = (TopicGroup(g.label, tuple(t for t in g.topics if t.id in keep)) for g in self.topic_groups)
        return replace(self, topic_groups=tuple(g for g in groups if g.topics))

    def label(self, kind: str, option_id: str) -> str:
        options: tuple[Option, ...] = getattr(self, kind)
        return next((o.label for o in options if o.id == option_id), option_id)


def load_catalogue(path: Path | None = None) -> Catalogue:
    path = path or DEFAULT_FILE
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CatalogueError(f"The catalogue file {path} does not exist.") from None
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(f"The catalogue file {path} is not valid TOML: {exc}.") from None
    try:
        catalogue = Catalogue(
            topic_groups=tuple(
                TopicGroup(label=g["label"], topics=_options(g["topics"])) for g in data["topic_groups"]
            ),
            career_stages=_options(data["career_stages"]),
            departments=_options(data["departments"]["options"]),
            perspectives=_options(data.get("perspectives", {}).get("options", [])),
            listening=_questions(data.get("listening") or _shipped_questions(path)),
        )
    except (KeyError, TypeError) as exc:
        raise CatalogueError(
            f"The catalogue file {path} is missing {exc}; see {DEFAULT_FILE} for the shape."
        ) from None
    _check(catalogue, path)
    return catalogue


def _shipped_questions(path: Path) -> list[Payload]:
    """A catalogue of one's own without listening questions asks the shipped ones."""
    if path == DEFAULT_FILE:
        raise KeyError("listening")
    shipped: list[Payload] = tomllib.loads(DEFAULT_FILE.read_text(encoding="utf-8"))["listening"]
    return shipped


def _questions(items: list[Payload]) -> tuple[Option, ...]:
    return tuple(Option(id=str(i["id"]), label=str(i["text"])) for i in items)


def _options(items: list[Payload]) -> tuple[Option, ...]:
    return tuple(Option(id=str(i["id"]), label=str(i["label"])) for i in items)


def _check(catalogue: Catalogue, path: Path) -> None:
    lists = {
        "topics": [t for g in catalogue.topic_groups for t in g.topics],
        "career_stages": list(catalogue.career_stages),
        "departments": list(catalogue.departments),
        "perspectives": list(catalogue.perspectives),
    }
    for name, options in lists.items():
        if name != "perspectives" and not options:
            raise CatalogueError(f"The catalogue file {path} has no {name}.")
        if len(options) > MAX_OPTIONS:
            raise CatalogueError(
                f"The catalogue file {path} has {len(options)} {name}; Slack shows at most {MAX_OPTIONS}."
            )
        ids = [o.id for o in options]
        if len(set(ids)) != len(ids):
            raise CatalogueError(f"The catalogue file {path} repeats an id in {name}.")
        for option in options:
            if not option.id or len(option.id) > MAX_ID:
                raise CatalogueError(
                    f"The catalogue file {path}: id {option.id!r} must be 1–{MAX_ID} characters."
                )
            if not option.label or len(option.label) > MAX_LABEL:
                raise CatalogueError(
                    f"The catalogue file {path}: label {option.label!r} must be 1–{MAX_LABEL} characters."
                )
    questions = [q.id for q in catalogue.listening]
    if len(set(questions)) != len(questions) or not all(0 < len(q) <= 64 for q in questions):
        raise CatalogueError(
            f"The catalogue file {path}: listening question ids must be unique, 1–64 characters."
        )
    if not all(0 < len(q.label) <= MAX_QUESTION for q in catalogue.listening):
        raise CatalogueError(
            f"The catalogue file {path}: a listening question must be 1–{MAX_QUESTION} characters."
        )
    if len(catalogue.topic_groups) > MAX_OPTIONS:
        raise CatalogueError(f"The catalogue file {path} has more than {MAX_OPTIONS} topic groups.")
