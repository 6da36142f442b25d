"""The action plan as a partnership writes it, validated with pydantic v2.

Every model forbids unknown fields, so a misspelt name is reported rather than
silently ignored. Field names are plain English; `dhr-check schema` prints the
JSON Schema generated from these classes.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from .dates import iso_date

__all__ = [
    "PlanDate", "WholeNumber", "Rag", "Scope", "Status", "RiskLevel", "ReleaseType",
    "ProvidedEvidence", "ProgressUpdate", "Action", "Recommendation",
    "PublishedRecommendation", "Review", "Rama", "Release", "RefugeDirectory", "Plan",
]


_DIGITS = re.compile(r"[-+]?[0-9]+")


def _plain_date(value: object) -> object:
    """Accept a YAML date or an ISO 'YYYY-MM-DD' string; nothing else (no timestamps, no numbers)."""
    if isinstance(value, dt.datetime):
        raise ValueError("give a date without a time, as YYYY-MM-DD, e.g. 2016-01-31")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return iso_date(value)
        except ValueError:
            pass
    raise ValueError("write the date as YYYY-MM-DD, e.g. 2016-01-31")


def _whole_number(value: object) -> object:
    """A number, or text of plain digits (from a spreadsheet cell). pydantic alone reads true as 1 and
    '1_0' as 10; those are refused as its own 'not a whole number' errors, so messages read the same."""
    if isinstance(value, bool):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    if isinstance(value, str) and not _DIGITS.fullmatch(value.strip()):
        raise PydanticCustomError("int_parsing", "Input should be a valid integer, unable to parse string as an "
                                                 "integer")
    return value


PlanDate = Annotated[dt.date, BeforeValidator(_plain_date)]
WholeNumber = Annotated[int, BeforeValidator(_whole_number)]
Text = Annotated[str, Field(min_length=1)]


class Rag(str, Enum):
    """Red / Amber / Green progress rating (Blue: complete, evidenced and signed off)."""

    blue = "blue"
    green = "green"
    amber = "amber"
    red = "red"


class Scope(str, Enum):
    local = "local"
    regional = "regional"
    national = "national"


class Status(str, Enum):
    not_started = "not_started"
    in_progress = "in_progress"
    complete = "complete"
    ongoing = "ongoing"
    not_applicable = "not_applicable"


class RiskLevel(str, Enum):
    low = "low"
    medium = "medium"
    high = "high"
    very_high = "very_high"


class ReleaseType(str, Enum):
    sentence_expiry = "sentence_expiry"
    licence = "licence"
    home_detention_curfew = "home_detention_curfew"
    parole = "parole"
    other = "other"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class ProvidedEvidence(_Strict):
    """Evidence actually supplied to show an action is done."""

    description: Text
    reference: str | None = None
    date: PlanDate | None = None


class ProgressUpdate(_Strict):
    """A dated note of progress on an action."""

    date: PlanDate
    note: Text
    by: str | None = None


class Action(_Strict):
    """A key action: what an agency will do, the evidence that will show it, and the outcome wanted."""

    number: WholeNumber = Field(ge=1, le=999)
    description: Text
    lead_agency: str | None = None
    target_date: PlanDate | None = None
    completion_date: PlanDate | None = None
    status: Status | None = None
    planned_evidence: list[Text] = []
    evidence_provided: list[ProvidedEvidence] = []
    key_outcomes: list[Text] = []
    self_rag: Rag | None = Field(None, description="the RAG the agency gives itself")
    progress_updates: list[ProgressUpdate] = []


class Recommendation(_Strict):
    """A recommendation of the review as the plan records it, with its key actions."""

    number: WholeNumber = Field(ge=1, le=999)
    text: Text
    addressed_to: str | None = None
    scope: Scope | None = None
    actions: list[Action] = []

    @field_validator("actions")
    @classmethod
    def _unique_action_numbers(cls, actions: list[Action]) -> list[Action]:
        _reject_repeats([a.number for a in actions], "action number")
        return actions


class PublishedRecommendation(_Strict):
    """A recommendation as the published review words it, and who it is addressed to."""

    number: WholeNumber = Field(ge=1, le=999)
    text: Text
    addressed_to: str | None = None


class Review(_Strict):
    """Who and what the review is about, and who signed off and monitors the plan."""

    subject: Text = Field(description='how the review names the victim, e.g. "Adult A"')
    community_safety_partnership: Text
    year_of_death: WholeNumber | None = Field(None, ge=1900, le=2100)
    commissioned_on: PlanDate | None = None
    plan_date: PlanDate | None = None
    signed_off_by: str | None = None
    signed_off_on: PlanDate | None = None
    monitored_by: str | None = None
    source: str | None = Field(None, description="where the published review and plan can be found")
    published_recommendations: list[PublishedRecommendation] = []

    @field_validator("published_recommendations")
    @classmethod
    def _unique_numbers(cls, recommendations: list[PublishedRecommendation]) -> list[PublishedRecommendation]:
        _reject_repeats([r.number for r in recommendations], "published recommendation number")
        return recommendations


class Rama(_Strict):
    """A pre-release risk assessment and management meeting (RAMA)."""

    held_on: PlanDate
    agencies_present: list[Text] = []
    risk_management_plan_agreed_by_all: bool | None = None


class Release(_Strict):
    """An offender release that the plan monitors."""

    reference: Text
    risk_level: RiskLevel
    release_type: ReleaseType
    release_date: PlanDate
    pre_release_rama: Rama | None = None


class RefugeDirectory(_Strict):
    """The directory of refuge provision that staff rely on (Bolton recommendation 9)."""

    maintained_by: str | None = None
    published_at: str | None = None
    last_refreshed: PlanDate | None = None
    refresh_interval_days: WholeNumber | None = Field(None, ge=1, le=3660)


class Plan(_Strict):
    """A multi-agency DHR action plan and the monitoring records its rules need."""

    review: Review
    recommendations: list[Recommendation] = []
    releases: list[Release] = []
    refuge_directory: RefugeDirectory | None = None

    @field_validator("recommendations")
    @classmethod
    def _unique_recommendation_numbers(cls, recommendations: list[Recommendation]) -> list[Recommendation]:
        _reject_repeats([r.number for r in recommendations], "recommendation number")
        return recommendations

    @field_validator("releases")
    @classmethod
    def _unique_release_references(cls, releases: list[Release]) -> list[Release]:
        _reject_repeats([r.reference for r in releases], "release reference")
        return releases


def _reject_repeats(values: list, what: str) -> None:
    seen = set()
    for value in values:
        if value in seen:
            raise ValueError(f"{what} {value} is used twice; give each a different {what}")
        seen.add(value)
