"""The deployment files: compose.yaml is valid Compose (against the specification's own JSON schema) and
starts PostgreSQL, then the bot in HTTP mode once the database is healthy, its data on a named volume;
the Dockerfile builds in two stages with the same install script as the Makefile, runs unprivileged and
checks /healthz. (This machine has no container daemon: `make lint` runs hadolint on the Dockerfile.)"""

import json
import re
from pathlib import Path

import jsonschema
import yaml

ROOT = Path(__file__).resolve().parent.parent
SPEC = json.loads((Path(__file__).resolve().parent / "specs" / "compose-spec.json").read_text())
COMPOSE = jsonschema.Draft7Validator(SPEC)  # the schema says draft-07 (its $schema URL lacks the "#")


def test_compose_file_follows_the_compose_specification():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    COMPOSE.validate(compose)
    db, bot = compose["services"]["db"], compose["services"]["bot"]
    assert bot["depends_on"]["db"]["condition"] == "service_healthy" and db["healthcheck"]["test"]
    assert any(v.startswith("db-data:") for v in db["volumes"]) and "db-data" in compose["volumes"]
    assert bot["environment"]["DATABASE_URL"].startswith("postgresql+psycopg://") and "healthz" in str(
        bot["healthcheck"]
    )
    assert "SLACK_APP_TOKEN" not in str(bot.get("environment"))  # HTTP mode unless .env says otherwise


def test_an_invalid_compose_file_is_refused_by_the_schema():
    """The check is real: a misspelled key fails it."""
    bad = {"services": {"bot": {"image": "x", "depends_onn": ["db"]}}}
    try:
        COMPOSE.validate(bad)
    except jsonschema.ValidationError:
        return
    raise AssertionError("the schema accepted a misspelled key")


def test_the_dockerfile_is_small_unprivileged_and_installs_as_the_makefile_does():
    text = (ROOT / "Dockerfile").read_text()
    stages = re.findall(r"^FROM ", text, flags=re.MULTILINE)
    assert len(stages) == 2 and "COPY --from=build /opt/venv /opt/venv" in text
    assert "scripts/install /opt/venv image" in text and "scripts/install" in (ROOT / "Makefile").read_text()
    final = text.split("\nFROM ")[-1]
    assert (
        re.search(r"^USER 10001$", final, flags=re.MULTILINE)  # the mentor user, by number
        and "HEALTHCHECK" in final
        and "/healthz" in final
    )
    assert 'ENTRYPOINT ["mentor-bot"]' in final and 'CMD ["serve"]' in final
    assert "apt-get" not in final and "gcc" not in final  # no compilers in the image that runs
