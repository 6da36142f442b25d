"""The partnership's settings: `dhr-check.yaml` beside its plans.

    extends: [default]              # shipped rule packs to use (default: [default])
    rules_dir: our-rules/           # the partnership's own rules, relative to this file
    rules:
      DHR-SELF-RAG-001: off         # switch a rule off
      DHR-PROGRESS-001:
        rag: red                    # re-rate it
        parameters: {max_days_without_update: 60}
    rag_policy: blue_for_complete   # or worst_of (the default)
    waivers: waivers.yaml           # relative to this file (default: waivers.yaml beside it, if present)
    agencies:                       # the partnership's name for an agency: the other names plans use for it
      Probation Service: [GMPT, Greater Manchester Probation Trust]

Found by walking up from the first plan path, or named with --config. Every
unknown key, unknown rule id, unknown parameter and badly typed value is an
error naming the file, line and key.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictInt, StrictStr, ValidationError
from pydantic_core import ErrorDetails

from .errors import Problem, RuleError
from .load import SETTINGS, Document, YamlProblem, read_yaml
from .rules import Rule, bundled_packs, bundled_rules_dir, load_rule, load_rules
from .problems import describe, show_value, validation_problems

__all__ = ["CONFIG_NAME", "PartnershipConfig", "Settings", "find_config", "load_settings", "RAG_POLICIES"]

CONFIG_NAME = "dhr-check.yaml"
RAG_POLICIES = ("worst_of", "blue_for_complete")


def _switch(value: Any) -> Any:
    """`RULE: off` (which YAML reads as false) or `on` stand for `enabled: false` / `true`."""
    if isinstance(value, bool):
        return {"enabled": value}
    if value in ("off", "on"):
        return {"enabled": value == "on"}
    return value


class RuleSettings(BaseModel):
    """How the partnership uses one rule."""

    model_config = ConfigDict(extra="forbid")
    enabled: bool = Field(True, description="false (or write the rule as 'off') to switch the rule off")
    rag: Literal["red", "amber"] | None = Field(None, description="re-rate the rule's findings")
    parameters: dict[str, StrictInt | StrictStr | list[StrictStr]] = Field(
        {}, description="values for the rule's parameters, by name (dhr-check rules show ID lists them)")


class PartnershipConfig(BaseModel):
    """The shape of dhr-check.yaml."""

    model_config = ConfigDict(extra="forbid")
    extends: list[str] | str = Field(["default"], description="shipped rule packs to use")
    rules_dir: str | None = Field(None, description="the partnership's own rules folder, relative to this file")
    rules: dict[str, Annotated[RuleSettings, BeforeValidator(_switch)]] = Field(
        {}, description="per rule id: off, or the rule's RAG and parameters as the partnership uses them")
    rag_policy: Literal["worst_of", "blue_for_complete"] = Field(
        "worst_of", description="worst_of: an action takes its worst finding's RAG; blue_for_complete: blue "
                                "for complete, evidenced actions with no findings")
    waivers: str | None = Field(None, description="waivers file, relative to this file")
    agencies: dict[Annotated[StrictStr, Field(min_length=1)], list[Annotated[StrictStr, Field(min_length=1)]]] = \
        Field({}, description="the partnership's name for each agency, with the other names its plans use for it "
                              "(e.g. Probation Service: [GMPT, Greater Manchester Probation Trust]); --agency, "
                              "and the due list's grouping, match through them, ignoring case, spacing and "
                              "punctuation")


@dataclass
class Settings:
    """What a run uses: the rules in force, the RAG policy, the waivers file and where they came from."""

    rules: list[Rule]
    rag_policy: str = "worst_of"
    waivers_file: Path | None = None
    config_file: Path | None = None
    packs: list[str] = field(default_factory=lambda: ["default"])
    agencies: dict[str, list[str]] = field(default_factory=dict)     # name -> aliases, from `agencies:`


def find_config(start: Path) -> Path | None:
    """The nearest dhr-check.yaml in `start` (a folder, or a file's folder) or any folder above it."""
    folder = Path(os.path.realpath(start))      # not Path.resolve: it raises on a link loop, reported later
    if not folder.is_dir():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        path = candidate / CONFIG_NAME
        if os.path.lexists(path):    # a FIFO or dangling link there is reported when read, never passed over
            relative = Path(os.path.relpath(path))     # as the user would type it, so reports are portable
            return path if relative.parts[:1] == ("..",) else relative
    return None


def load_settings(config_file: Path | None, rules_dir: Path | None = None) -> Settings:
    """Rules and policy for a run. `rules_dir` (--rules) replaces the packs with one folder of rules."""
    if config_file is None:
        rules = load_rules(rules_dir) if rules_dir else load_rules()
        waivers = None
        return Settings(rules, waivers_file=waivers, packs=[] if rules_dir else ["default"])
    document = _read(config_file)
    config = _validate(document)
    packs = [config.extends] if isinstance(config.extends, str) else list(config.extends)
    known = bundled_packs()
    for index, pack in enumerate(packs):
        if pack not in known:
            where = ("extends", index) if isinstance(config.extends, list) else ("extends",)
            raise _error(document, where, f"there is no rule pack '{pack}'; packs: {', '.join(known)}.")
    folders: list[Path] = [rules_dir] if rules_dir else [bundled_rules_dir() / pack for pack in packs]
    if config.rules_dir:
        own = (config_file.parent / config.rules_dir)
        if not own.is_dir():
            raise _error(document, ("rules_dir",), f"the rules folder '{config.rules_dir}' does not exist "
                                                   f"(it is read relative to {config_file.name}).")
        folders.append(own)
    available = {rule.id: rule for rule in load_rules(folders)}
    overrides: dict[str, dict[str, Any]] = {}
    for rule_id, setting in config.rules.items():
        if rule_id not in available:
            raise _error(document, ("rules", rule_id), f"there is no rule '{rule_id}' in the rules in use.")
        if setting.parameters:
            unknown = sorted(set(setting.parameters) - set(available[rule_id].parameters))
            if unknown:
                raise _error(document, ("rules", rule_id, "parameters", unknown[0]),
                             f"rule {rule_id} has no parameter '{unknown[0]}'; its parameters: "
                             f"{', '.join(available[rule_id].parameters) or 'none'}.")
            for name, value in setting.parameters.items():
                default = available[rule_id].parameters[name].default
                if type(value) is not type(default):
                    raise _error(document, ("rules", rule_id, "parameters", name),
                                 f"parameter '{name}' of {rule_id} takes {_kind(default)}, like its default "
                                 f"{default!r}.")
            overrides[rule_id] = setting.parameters
    try:  # only rules with parameters of the partnership's own are read again
        rules = [load_rule(Path(rule.file), overrides[rule.id]) if rule.id in overrides else rule
                 for rule in available.values()]
    except RuleError as error:  # a parameter value the rule's condition cannot use
        raise RuleError([Problem(document.file, *document.position(("rules",)),
                                 f"with these settings a rule is invalid: {p.message}") for p in error.problems]) \
            from None
    applied = [_apply(rule, config.rules.get(rule.id)) for rule in rules]
    waivers = None
    if config.waivers:
        waivers = config_file.parent / config.waivers
        if not waivers.is_file():
            raise _error(document, ("waivers",), f"the waivers file '{config.waivers}' does not exist.")
    elif os.path.lexists(config_file.parent / "waivers.yaml"):    # reported when read if not a file
        waivers = config_file.parent / "waivers.yaml"
    in_force = [r for r in applied if r is not None]
    if not in_force:
        named = "extends" if "extends" in document.data else "rules" if "rules" in document.data else None
        raise _error(document, (named,) if named else (),
                     "with these settings no rule is in force (no rule pack in 'extends', no 'rules_dir', or every "
                     "rule switched off), so nothing would be checked. Use a pack, e.g. 'extends: [default]'.")
    _check_agencies(document, config.agencies)
    return Settings(in_force, config.rag_policy, waivers, config_file, packs, config.agencies)


def _check_agencies(document: Document, agencies: dict[str, list[str]]) -> None:
    """Each name, and each alias, stands for one agency only: otherwise --agency could pick the wrong one."""
    from .agency import agency_key     # agency.py needs check.py, which this module must not load

    first: dict[str, str] = {}
    for name in agencies:
        if agency_key(name) == "":
            raise _error(document, ("agencies", name), f"the agency name '{name}' has no letters or digits.")
        if agency_key(name) in first:
            raise _error(document, ("agencies", name), f"'{name}' is the same name as '{first[agency_key(name)]}' "
                                                       "(case, spacing and punctuation do not count); list it once.")
        first[agency_key(name)] = name
    owner = {key: name for key, name in first.items()}
    for name, aliases in agencies.items():
        for index, alias in enumerate(aliases):
            key = agency_key(alias)
            if key == "":
                raise _error(document, ("agencies", name, index), f"the alias '{alias}' has no letters or digits.")
            if owner.setdefault(key, name) != name:
                raise _error(document, ("agencies", name, index),
                             f"'{alias}' is already a name for '{owner[key]}' (case, spacing and punctuation do "
                             f"not count); an alias can stand for one agency only.")


def _apply(rule: Rule, setting: RuleSettings | None) -> Rule | None:
    if setting is None:
        return rule
    if not setting.enabled:
        return None
    if setting.rag:
        escalate = rule.escalate_to_red_when if setting.rag == "amber" else None
        return dataclasses.replace(rule, suggested_rag=setting.rag, escalate_to_red_when=escalate)
    return rule


def _kind(value: Any) -> str:
    return "a list of texts" if isinstance(value, list) else "a whole number" if isinstance(value, int) else "a text"


def _read(path: Path) -> Document:
    try:
        return read_yaml(path, kind=SETTINGS)
    except YamlProblem as error:
        raise RuleError([error.problem]) from None


def _validate(document: Document) -> PartnershipConfig:
    try:
        return PartnershipConfig.model_validate(document.data)
    except ValidationError as error:
        raise RuleError(validation_problems(document, error.errors(include_url=False), PartnershipConfig,
                                            "the settings", _union_words, special=_agencies_problem)) from None


def _union_words(loc: tuple) -> str:
    """What a settings key that takes one of several kinds of value should be."""
    if "parameters" in loc[:-1]:
        return "a whole number, a text or a list of texts"
    return "a pack name or a list of pack names" if loc[:1] == ("extends",) else "another kind of value"


def _agencies_problem(loc: tuple, error: ErrorDetails) -> str | None:
    """`agencies` maps names to lists of names: any mistake in it is said with an example."""
    if loc[:1] != ("agencies",):
        return None
    return (f"{describe(loc, 'the settings')} must list each agency's name with the other names plans use for "
            f"it, e.g. 'Probation Service: [GMPT, National Probation Service]' (got {show_value(error.get('input'))}).")


def _error(document: Document, path: tuple, message: str) -> RuleError:
    return RuleError([Problem(document.file, *document.position(path), message)])
