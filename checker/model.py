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

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from .dates import iso_date
from .identifiers import Identifier

__all__ = [
    "PlanDate", "WholeNumber", "Rag", "Scope", "Status", "RiskLevel", "ReleaseType", "Decision", "Numbering",
    "ProvidedEvidence", "ProgressUpdate", "Milestone", "Action", "AgencyResponse", "Recommendation",
    "PublishedRecommendation", "Review", "Rama", "Release", "RefugeDirectory", "Plan", "Addressees",
    "recommendation_key",
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


def _one_or_more(value: object) -> object:
    """One addressee may be written as plain text; several as a list."""
    if isinstance(value, str):
        return [value]
    if value is None or isinstance(value, list):
        return [] if value is None else value
    raise ValueError(f"must be text (put it in quotes if it looks like a number, date or yes/no) or a list of "
                     f"names, not {value!r}")


Addressees = Annotated[list[Text], BeforeValidator(_one_or_more),
                       WithJsonSchema({"anyOf": [{"type": "string", "minLength": 1},
                                                 {"type": "array", "items": {"type": "string", "minLength": 1}}]}),
                       Field(description="who the recommendation is addressed to: one name, or a list of names")]


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


class Decision(str, Enum):
    """The agency's response to a recommendation, as the Home Office template records it."""

    accepted = "accepted"
    accepted_in_part = "accepted_in_part"
    not_accepted = "not_accepted"


class Numbering(str, Enum):
    """How the review numbers its recommendations: once for the plan, or afresh for each agency (1, 1, 2)."""

    plan = "plan"
    per_agency = "per_agency"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class ProvidedEvidence(_Strict):
    """Evidence actually supplied to show an action is done."""

    description: Text = Field(description="what the evidence is")
    reference: str | None = Field(None, description="its reference, if it has one")
    date: PlanDate | None = Field(None, description="the day it was provided")


class ProgressUpdate(_Strict):
    """A dated note of progress on an action."""

    date: PlanDate = Field(description="the day of the update")
    note: Text = Field(description="what has happened since the last update")
    by: str | None = Field(None, description="who gave the update")


class Milestone(_Strict):
    """A key milestone of an action (Home Office template): its own target date, and whether it was achieved."""

    description: Text = Field(description="what the milestone is")
    target_date: PlanDate | None = Field(None, description="when the milestone is due")
    achieved_on: PlanDate | None = Field(None, description="the date the milestone was achieved")
    status: Status | None = Field(None, description="not_started, in_progress, ongoing, complete or not_applicable")

    @property
    def achieved(self) -> bool:
        return self.achieved_on is not None or self.status in (Status.complete, Status.not_applicable)


class Action(_Strict):
    """A key action: what an agency will do, the evidence that will show it, and the outcome wanted."""

    number: Identifier = Field(description="the action's number or reference as the plan writes it, e.g. 1 or 2a")
    description: Text = Field(description="what will be done")
    lead_agency: str | None = Field(None, description="the one agency that leads the action and reports on it")
    target_date: PlanDate | None = Field(None, description="when the action is due to be complete")
    milestones: list[Milestone] = Field([], description="key milestones on the way, each with its own target date")
    completion_date: PlanDate | None = Field(None, description="when the action was completed")
    outcome: str | None = Field(None, description="what was achieved, as recorded on completion "
                                                  "(the template's 'Date of completion and outcome')")
    status: Status | None = Field(None, description="not_started, in_progress, ongoing, complete or not_applicable")
    planned_evidence: list[Text] = Field([],
        description="the evidence that will show the action is done (documents, audits, reports)")
    evidence_provided: list[ProvidedEvidence] = Field([],
        description="the evidence actually provided, one entry per document")
    key_outcomes: list[Text] = Field([], description="the outcomes the action is meant to achieve")
    self_rag: Rag | None = Field(None, description="the RAG the agency gives itself")
    progress_updates: list[ProgressUpdate] = Field([], description="dated notes of progress, newest last")


class AgencyResponse(_Strict):
    """Whether the agency accepted the recommendation, when, and why if not in full."""

    decision: Decision = Field(description="accepted, accepted_in_part or not_accepted")
    date: PlanDate | None = Field(None, description="the day the agency gave its response")
    reason: str | None = Field(None, description="why it was not accepted, or accepted only in part")
    board_decision: str | None = Field(None, description="what the partnership's board decided about it")


class Recommendation(_Strict):
    """A recommendation of the review as the plan records it, with its key actions."""

    number: Identifier = Field(description="the recommendation's number or reference as the review writes it, "
                                           "e.g. 5, 5.1, 10.2a or R3")
    text: Text = Field(description="the recommendation as the plan words it")
    addressed_to: Addressees = []
    scope: Scope | None = Field(None, description="local, regional or national")
    response: AgencyResponse | None = Field(None,
        description="the agency's response: accepted, accepted in part or not accepted, when and why")
    actions: list[Action] = Field([], description="the key actions that will deliver the recommendation")


class PublishedRecommendation(_Strict):
    """A recommendation as the published review words it, and who it is addressed to."""

    number: Identifier = Field(description="the recommendation's number or reference as the published review writes it")
    text: Text = Field(description="its text, word for word as published")
    addressed_to: Addressees = []


class Review(_Strict):
    """Who and what the review is about, and who signed off and monitors the plan."""

    subject: Text = Field(description='how the review names the victim, e.g. "Adult A"')
    community_safety_partnership: Text = Field(
        description="the Community Safety Partnership that commissioned the review and owns the plan")
    year_of_death: WholeNumber | None = Field(None, ge=1900, le=2100, description="the year the victim died")
    commissioned_on: PlanDate | None = Field(None, description="the day the partnership decided to hold the review")
    plan_date: PlanDate | None = Field(None,
        description="the date this version of the action plan was written or last revised")
    signed_off_by: str | None = Field(None, description="who signed off the action plan")
    signed_off_on: PlanDate | None = Field(None, description="the day the action plan was signed off")
    monitored_by: str | None = Field(None, description="the board or group that monitors progress on the plan")
    source: str | None = Field(None, description="where the published review and plan can be found")
    numbering: Numbering = Field(Numbering.plan, description="plan: each recommendation number is used once; "
                                 "per_agency: the review numbers afresh for each agency (1, 1, 2)")
    published_recommendations: list[PublishedRecommendation] = Field([],
        description="the recommendations exactly as the published review words them")


class Rama(_Strict):
    """A pre-release risk assessment and management meeting (RAMA)."""

    held_on: PlanDate = Field(description="the day the RAMA was held")
    agencies_present: list[Text] = Field([], description="the agencies that attended")
    risk_management_plan_agreed_by_all: bool | None = Field(None,
        description="whether all agencies agreed the risk management plan")


class Release(_Strict):
    """An offender release that the plan monitors."""

    reference: Text = Field(description="a reference for the offender that does not identify them")
    risk_level: RiskLevel = Field(description="low, medium, high or very_high")
    release_type: ReleaseType = Field(description="sentence_expiry, licence, home_detention_curfew, parole or other")
    release_date: PlanDate = Field(description="the day of release")
    managed_by: str | None = Field(None, description="the agency that manages the offender (e.g. Probation "
                                                     "Service); the release's findings are its own in --agency")
    pre_release_rama: Rama | None = Field(None,
        description="the risk assessment and management meeting held before release")


class RefugeDirectory(_Strict):
    """The directory of refuge provision that staff rely on (Bolton recommendation 9)."""

    maintained_by: str | None = Field(None, description="who keeps the directory up to date")
    published_at: str | None = Field(None, description="where staff find it")
    last_refreshed: PlanDate | None = Field(None, description="the day it was last checked and refreshed")
    refresh_interval_days: WholeNumber | None = Field(None, ge=1, le=3660,
        description="how often it must be refreshed, in days (92 is a quarter)")


class Plan(_Strict):
    """A multi-agency DHR action plan and the monitoring records its rules need."""

    review: Review = Field(description="who and what the review is about, and who signed off and monitors the plan")
    recommendations: list[Recommendation] = Field([],
        description="the recommendations as this plan carries them, each with its key actions")
    releases: list[Release] = Field([], description="offenders whose release the plan monitors")
    refuge_directory: RefugeDirectory | None = Field(None,
        description="the directory of refuge provision staff rely on")

    def key(self, recommendation: Recommendation | PublishedRecommendation) -> str:
        """What identifies a recommendation in this plan: its number, with its addressees when numbered per agency."""
        return recommendation_key(recommendation.number, recommendation.addressed_to, self.review.numbering)


def recommendation_key(number: str, addressed_to: list[str], numbering: Numbering) -> str:
    """'5.1'; or, where the review numbers per agency, '1 (Merseyside Police)'."""
    if numbering is Numbering.per_agency and addressed_to:
        return f"{number} ({', '.join(addressed_to)})"
    return number
