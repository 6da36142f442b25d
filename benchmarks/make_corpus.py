"""Generate a realistic, deterministic corpus of DHR action plans for benchmarks and scale tests.

    python benchmarks/make_corpus.py N OUTDIR --seed S [--as-of 2026-03-31]

Plan i depends only on (seed, i), so the first 400 plans of a 4,000-plan corpus
are the 400-plan corpus. Each plan has 5-20 recommendations of 1-4 actions, with
evidence, outcomes, progress updates, releases and a refuge directory, mixed so
that every shipped rule (both packs) fires and stays silent across any 400 plans
(dates are placed around the as-of date given). OUTDIR also gets a dhr-check.yaml
turning on both packs and a waivers.yaml with board waivers for some plans (one
current, one expired, one naming no finding), which `dhr-check check OUTDIR` finds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

import yaml

from checker.check import plan_id
from checker.model import Plan

AGENCIES = ["Police", "Probation Service", "Integrated Care Board", "Children's Social Care", "Adult Social Care",
            "Housing Options", "IDVA Service", "GP practices", "MARAC Steering Group", "Community Safety Partnership"]
PLACES = ["Northshire", "Westvale", "Eastbridge", "Southmoor", "Kingsford", "Ashdown", "Brackley", "Carrow"]
VERBS = ["review", "audit", "refresh", "train staff on", "publish", "agree a protocol for", "report on"]
TOPICS = ["information sharing with partner agencies", "MARAC referrals made on professional judgement",
          "pre-release risk management meetings", "the refuge directory", "routine enquiry about domestic abuse",
          "forensic curiosity in safeguarding supervision", "the DASH risk checklist", "multi-agency training"]


def plan(index: int, seed: int, as_of: dt.date) -> dict:
    """Plan `index` of the corpus for `seed`: the data its YAML file holds, dates placed around `as_of`."""
    rng = random.Random(seed * 1_000_003 + index)
    day = lambda lo, hi: as_of + dt.timedelta(days=rng.randint(lo, hi))  # noqa: E731
    place = rng.choice(PLACES)
    n_recs = rng.randint(5, 20)
    section = rng.choice([None, None, 5, 8, 10])     # some reviews number recommendations 5.1, 5.2, ...
    ids = [n if section is None else f"{section}.{n}" for n in range(1, n_recs + 1)]
    published = [{"number": ids[n - 1], "text": f"That {place} agencies {rng.choice(VERBS)} {rng.choice(TOPICS)}.",
                  "addressed_to": rng.choice(AGENCIES)} for n in range(1, n_recs + 1)]
    recommendations = []
    for number in range(1, n_recs + 1):
        if rng.random() < 0.03:           # a published recommendation dropped from the plan
            continue
        actions = []
        for a in range(1, (0 if rng.random() < 0.02 else rng.randint(1, 4)) + 1):
            intention = rng.random() < 0.08     # worded as an intention: "should consider"
            action: dict = {"number": a, "description": f"{rng.choice(AGENCIES)} "
                                                       f"{'should consider how to' if intention else 'will'} "
                                                       f"{rng.choice(VERBS)} {rng.choice(TOPICS)} (action {number}.{a})."}
            if rng.random() < 0.93:
                action["lead_agency"] = rng.choice(AGENCIES)
            if rng.random() < 0.9:
                action["target_date"] = day(-200, 300)
            if rng.random() < 0.3:
                milestones = []
                for m in range(rng.randint(1, 3)):
                    milestone: dict = {"description": f"Milestone {m + 1}", "target_date": day(-200, 200)}
                    if milestone["target_date"] < as_of and rng.random() < 0.6:
                        milestone["achieved_on"] = milestone["target_date"] - dt.timedelta(days=rng.randint(0, 20))
                    milestones.append(milestone)
                action["milestones"] = milestones
            done = rng.random() < 0.3
            if done:
                action["completion_date"] = day(-300, -1)
                action["status"] = "complete"
                if rng.random() < 0.8:
                    action["outcome"] = "Delivered; the board saw the evidence."
            elif rng.random() < 0.7:
                action["status"] = rng.choice(["not_started", "in_progress", "ongoing"])
            if rng.random() < 0.92:
                action["planned_evidence"] = [f"{rng.choice(['Audit report', 'Policy', 'Training record', 'Minutes'])}"
                                              f" {k + 1}" for k in range(rng.randint(1, 3))]
            if done and rng.random() < 0.85:
                action["evidence_provided"] = [{"description": "Report to the partnership board",
                                                "reference": f"EV-{index}-{number}-{a}",
                                                "date": action["completion_date"]}]
            if rng.random() < 0.9:
                action["key_outcomes"] = ["Victims are safer because agencies act together."]
            if rng.random() < 0.85:
                action["self_rag"] = rng.choice(["green", "green", "amber", "red", "blue"])
            updates = sorted({day(-300, 0) for _ in range(rng.randint(0, 3))})
            if updates:
                action["progress_updates"] = [{"date": d, "note": "Progress reported to the board."} for d in updates]
            actions.append(action)
        recommendation = {"number": ids[number - 1],
                          "text": published[number - 1]["text"].replace("agencies", "partners")
                          if rng.random() < 0.05 else published[number - 1]["text"],        # reworded
                          "addressed_to": published[number - 1]["addressed_to"],
                          "scope": rng.choice(["local", "regional", "national"]), "actions": actions}
        if rng.random() < 0.4:
            response: dict = {"decision": rng.choice(["accepted", "accepted", "accepted_in_part", "not_accepted"]),
                              "date": day(-800, -300)}
            if response["decision"] != "accepted" and rng.random() < 0.5:
                response["reason"] = "A national policy covers this."
            recommendation["response"] = response
        recommendations.append(recommendation)
    releases = []
    for r in range(rng.randint(0, 3)):
        release: dict = {"reference": f"{place[:2].upper()}-{index:05d}-{r + 1}",
                         "risk_level": rng.choice(["medium", "high", "very_high"]),
                         "release_type": rng.choice(["sentence_expiry", "licence"]), "release_date": day(-100, 90)}
        if rng.random() < 0.7:
            release["pre_release_rama"] = {
                "held_on": release["release_date"] - dt.timedelta(days=rng.randint(-5, 40)),   # a few after release
                "agencies_present": rng.sample(AGENCIES, 3),
                "risk_management_plan_agreed_by_all": rng.random() < 0.8}
        releases.append(release)
    review = {"subject": f"Adult {chr(65 + index % 26)}{index}", "community_safety_partnership": place,
              "year_of_death": rng.randint(2015, 2024), "plan_date": day(-900, -400),
              "signed_off_by": f"{place} Community Safety Partnership", "monitored_by": f"{place} CSP Board",
              "published_recommendations": published}
    review["signed_off_on"] = review["plan_date"] + dt.timedelta(days=rng.choice([-30, -10, 0, 5]))
    if rng.random() < 0.02:               # a board meeting still to come entered as the sign-off
        review["signed_off_on"] = day(1, 60)
    if rng.random() < 0.5:
        review["commissioned_on"] = review["plan_date"] - dt.timedelta(days=rng.choice([20, 200, 400]))
    if index % 97 == 5:                   # registered, but no plan written yet
        recommendations = []
    data = {"review": review, "recommendations": recommendations, "releases": releases}
    if rng.random() < 0.8:
        directory = {"maintained_by": f"{place} Housing Options", "published_at": "intranet/refuges"}
        if rng.random() < 0.9:
            directory["last_refreshed"] = day(-500, 0) if rng.random() < 0.97 else day(1, 90)
        if rng.random() < 0.3:
            directory["refresh_interval_days"] = rng.choice([30, 92, 183])
        data["refuge_directory"] = directory
    return data


def waivers(index: int, seed: int, as_of: dt.date) -> list[dict]:
    """Board waivers for plan i, if it has any: every 40th plan waives a missing lead agency, some expired,
    and every 40th (offset) names an action the plan does not have, so both waiver rules fire and stay silent."""
    if index % 40 not in (3, 13, 23):
        return []
    data = plan(index, seed, as_of)
    common = {"rule": "DHR-LEAD-001", "plan": plan_id(Plan.model_validate(data)),
              "reason": "The partnership board accepted joint ownership.",
              "approved_by": "Community Safety Partnership Board", "approved_on": as_of - dt.timedelta(days=200)}
    leaderless = [(rec["number"], action["number"]) for rec in data["recommendations"]
                  for action in rec["actions"] if "lead_agency" not in action]
    if index % 40 in (3, 13) and leaderless:
        recommendation, action = leaderless[0]
        expires = as_of + dt.timedelta(days=90) if index % 40 == 3 else as_of - dt.timedelta(days=10)
        return [{**common, "recommendation": recommendation, "action": action, "expires_on": expires}]
    if index % 40 == 23:
        return [{**common, "recommendation": 1, "action": 99, "expires_on": as_of + dt.timedelta(days=90)}]
    return []


SETTINGS = """# Written by benchmarks/make_corpus.py: both rule packs, and the waivers beside this file.
extends: [default, thresholds]
waivers: waivers.yaml
"""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2026, 3, 31))
    args = parser.parse_args(argv)
    args.outdir.mkdir(parents=True, exist_ok=True)
    width = len(str(max(args.count - 1, 1)))
    board = []
    for index in range(args.count):
        text = yaml.dump(plan(index, args.seed, args.as_of), Dumper=yaml.CSafeDumper, sort_keys=False,
                         allow_unicode=True, width=100)
        (args.outdir / f"plan-{index:0{width}d}.yaml").write_text(text, encoding="utf-8")
        board += waivers(index, args.seed, args.as_of)
    (args.outdir / "dhr-check.yaml").write_text(SETTINGS, encoding="utf-8")
    (args.outdir / "waivers.yaml").write_text(yaml.dump({"waivers": board}, Dumper=yaml.CSafeDumper,
                                                        sort_keys=False, width=100), encoding="utf-8")


if __name__ == "__main__":
    main()
