"""`dhr-check init`: the template is a valid plan, names every field of the model and explains each one."""

from __future__ import annotations

import json
import re
import typing

import pytest
from click.testing import CliRunner
from pydantic import BaseModel

from checker.cli import main
from checker.load import parse_yaml
from checker.model import Plan
from checker.template import PLAN_TEMPLATE
from checker.validate import validate_document


def run(*args):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _model_fields(model: type[BaseModel], prefix: str = "") -> set[str]:
    fields = set()
    for name, field in model.model_fields.items():
        fields.add(prefix + name)
        for inner in [field.annotation, *typing.get_args(field.annotation)]:
            for candidate in [inner, *typing.get_args(inner)]:
                if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                    fields |= _model_fields(candidate, f"{prefix}{name}.")
    return fields


def _template_fields(data, prefix: str = "") -> set[str]:
    fields = set()
    if isinstance(data, list):
        for item in data:
            fields |= _template_fields(item, prefix)
    elif isinstance(data, dict):
        for key, value in data.items():
            fields.add(prefix + key)
            fields |= _template_fields(value, f"{prefix}{key}.")
    return fields


def test_the_template_is_a_valid_plan():
    plan = validate_document(parse_yaml(PLAN_TEMPLATE.encode(), "plan.yaml"))
    assert plan.review.subject == "Adult X"


def test_the_template_names_every_field_of_the_model():
    data = parse_yaml(PLAN_TEMPLATE.encode(), "plan.yaml").data
    assert _template_fields(data) == _model_fields(Plan)


def test_every_field_in_the_template_is_explained():
    """Each key has a comment above it, or follows a sibling key that has one (e.g. signed_off_by / _on)."""
    explained: dict[int, bool] = {}
    previous = previous_line = ""
    for line in PLAN_TEMPLATE.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        key = re.match(r"^(\s*(?:- )?)([a-z_]+):", line)
        if key:
            column = len(key.group(1))
            after_comment = previous.startswith("#") or previous.startswith("- #")
            sibling = explained.get(column, False) and re.match(r"^\s*(?:- )?[a-z_]+:", previous_line) is not None
            assert after_comment or sibling, f"no comment explains {stripped!r}"
            explained = {c: ok for c, ok in explained.items() if c < column}
            explained[column] = True
        previous, previous_line = stripped, line


def test_init_writes_the_template_and_keeps_an_existing_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("init", "plan.yaml")
    assert code == 0 and out == ("dhr-check: wrote plan.yaml. Replace each example value with your plan's own, "
                                 "delete what does not apply, then run: dhr-check validate plan.yaml\n")
    assert (tmp_path / "plan.yaml").read_text(encoding="utf-8") == PLAN_TEMPLATE
    assert run("validate", "plan.yaml")[:2] == (0, "plan.yaml: valid\n")
    (tmp_path / "plan.yaml").write_text("mine\n")
    code, _, err = run("init", "plan.yaml")
    assert code == 2 and "already exists and was not changed" in err
    assert (tmp_path / "plan.yaml").read_text() == "mine\n"
    assert run("init", "plan.yaml", "--force")[0] == 0


@pytest.fixture
def schema_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run("schema", "--output", "dhr-plan.schema.json")
    assert (code, out, err) == (0, "", "dhr-check: wrote dhr-plan.schema.json\n")
    return tmp_path / "dhr-plan.schema.json"


def test_schema_output_is_the_printed_schema_in_utf8(schema_file):
    assert schema_file.read_bytes().decode("utf-8") == run("schema")[1]


def test_the_template_and_an_import_validate_against_the_schema(schema_file, tmp_path):
    import jsonschema
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    # An editor's YAML language server reads YAML 1.2, where 2026-01-31 is text: hence default=str.
    template = json.loads(json.dumps(parse_yaml(PLAN_TEMPLATE.encode(), "t").data, default=str))
    jsonschema.validate(template, schema)
    with pytest.raises(jsonschema.ValidationError, match="'lead_agncy' was unexpected"):
        template["recommendations"][0]["actions"][0]["lead_agncy"] = "Police"
        jsonschema.validate(template, schema)


@pytest.mark.parametrize("which", ["plan", "settings", "waivers"])
def test_every_field_of_each_schema_explains_itself(which):
    """Editors show a property's description on hover: every field of a plan, the settings and waivers has one."""
    from checker.config import PartnershipConfig
    from checker.model import Plan
    from checker.waivers import WaiverFile
    model = {"plan": Plan, "settings": PartnershipConfig, "waivers": WaiverFile}[which]
    schema = model.model_json_schema()
    models = {model.__name__: schema, **schema.get("$defs", {})}
    undescribed = [f"{model}.{name}" for model, definition in models.items()
                   for name, prop in definition.get("properties", {}).items() if not prop.get("description")]
    assert undescribed == []
