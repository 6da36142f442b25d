"""The plan template `dhr-check init` writes: every field of a plan, explained, with example values.

The examples are valid values, not placeholders, so the template is a plan in
its own right (a test checks that it validates and that it names every field
of the model): whoever fills it in changes values and deletes what does not
apply, and never meets a file that fails for a reason they did not cause.
"""

from __future__ import annotations

__all__ = ["PLAN_TEMPLATE"]

PLAN_TEMPLATE = """\
# A Domestic Homicide Review action plan, for dhr-check.
#
# Every value below is an EXAMPLE: replace it with your plan's own, and delete any
# line or section that does not apply (only review.subject and
# review.community_safety_partnership are required). Lines starting with # are notes
# for you; dhr-check ignores them.
#
# How to write values:
#   - dates as YYYY-MM-DD, e.g. 2026-01-31
#   - text in double quotes; long text after ">-" on the lines below, indented
#   - lists with one item per line, each starting with "- "
#
# When you have finished: dhr-check validate this-file.yaml, then dhr-check check this-file.yaml

review:
  # Whom the review is about, as the review names them (e.g. "Adult A", "Mr C").
  subject: "Adult X"
  # The Community Safety Partnership that commissioned the review and owns this plan.
  community_safety_partnership: "Exampleshire"
  # The year the victim died (a year, e.g. 2024).
  year_of_death: 2024
  # The day the partnership decided to hold the review.
  commissioned_on: 2024-09-02
  # The date this version of the action plan was written or last revised.
  plan_date: 2025-06-30
  # Who signed off the action plan, and on what day.
  signed_off_by: "Safer Exampleshire Partnership Board"
  signed_off_on: 2025-07-14
  # The board or group that monitors progress on the plan.
  monitored_by: "Safer Exampleshire Partnership DHR Oversight Group"
  # Where the published review and this plan can be found.
  source: "Exampleshire Community Safety Partnership website, published reviews"
  # How the review numbers its recommendations: plan (each number once, the usual way)
  # or per_agency (numbered afresh for each agency: Police 1, 2; Health 1, 2).
  numbering: plan
  # The recommendations exactly as the published review words them, and who each is
  # addressed to. dhr-check compares them with the recommendations below, so keep the
  # review's own wording here even where the plan words a recommendation differently.
  published_recommendations:
    - # The recommendation's number or reference exactly as the published review writes
      # it: 5, "5.1", "10.2a", "3.140(a)" or "R3". Put it in quotes when it has a dot.
      number: "5.1"
      # Its text, word for word as published.
      text: >-
        That Exampleshire Police and the Office of the Police and Crime Commissioner ensure
        that officers attending domestic abuse incidents complete a risk assessment with the
        victim on every occasion.
      # Whom the review addresses it to: one name, or a list of names, one per line.
      addressed_to:
        - "Exampleshire Police"
        - "Office of the Police and Crime Commissioner"

# The recommendations as this plan carries them, each with its key actions.
recommendations:
  - # The recommendation's number or reference, as the review writes it (see above).
    number: "5.1"
    # The recommendation as the plan words it.
    text: >-
      That Exampleshire Police and the Office of the Police and Crime Commissioner ensure
      that officers attending domestic abuse incidents complete a risk assessment with the
      victim on every occasion.
    # The agency or agencies the recommendation is addressed to: one name, or a list.
    addressed_to:
      - "Exampleshire Police"
      - "Office of the Police and Crime Commissioner"
    # local, regional or national.
    scope: local
    # The agency's response to the recommendation (the Home Office template's column).
    response:
      # accepted, accepted_in_part or not_accepted.
      decision: accepted_in_part
      # The day the agency gave its response.
      date: 2025-07-01
      # Why it was not accepted, or accepted only in part (needed unless the board decided).
      reason: "Risk assessment on every occasion is accepted; the new form is a national matter."
      # What the partnership's board decided about a recommendation not accepted in full.
      board_decision: "Board accepted the partial response on 2025-07-14."
    # The key actions that will deliver the recommendation.
    actions:
      - # The action's number within this recommendation (R5.1.A1 is action 1 of
        # recommendation 5.1).
        number: 1
        # What will be done.
        description: >-
          Deliver refresher training on domestic abuse risk assessment to all response
          officers.
        # The one agency that leads the action and reports on it.
        lead_agency: "Exampleshire Police"
        # When the action is due to be complete.
        target_date: 2026-03-31
        # Key milestones on the way, each with its own target date, and the day it was
        # achieved (delete achieved_on until it is).
        milestones:
          - # What the milestone is.
            description: "Training package agreed with the Domestic Abuse Partnership."
            # When it is due.
            target_date: 2025-10-31
            # When it was achieved.
            achieved_on: 2025-10-20
            # One of: not_started, in_progress, ongoing, complete, not_applicable (optional).
            status: complete
        # When it was completed; delete this line until it is.
        completion_date: 2026-02-27
        # What was achieved, as recorded on completion (the template's "Date of
        # completion and outcome"); delete this line until it is complete.
        outcome: "All response officers trained; audit shows risk assessments on 97% of incidents."
        # One of: not_started, in_progress, ongoing, complete, not_applicable.
        status: complete
        # The evidence that will show the action is done (documents, audits, reports).
        planned_evidence:
          - "Training plan and attendance records."
        # The evidence actually provided, one entry per document.
        evidence_provided:
          - # What the evidence is.
            description: "Attendance records for the refresher training."
            # Its reference, if it has one (optional).
            reference: "EP-TRN-0042"
            # The day it was provided (optional).
            date: 2026-03-02
        # The outcomes the action is meant to achieve.
        key_outcomes:
          - "Every domestic abuse incident has a completed risk assessment."
        # The lead agency's own RAG rating: red, amber, green or blue (complete, evidenced
        # and signed off).
        self_rag: green
        # Dated notes of progress, newest last.
        progress_updates:
          - # The day of the update.
            date: 2026-01-15
            # What has happened since the last update.
            note: "Training delivered to four of five shifts."
            # Who gave the update (optional).
            by: "Exampleshire Police DA lead"

# Offenders whose release the plan monitors (delete this section if there are none).
releases:
  - # A reference for the offender that does not identify them.
    reference: "EX-REL-001"
    # low, medium, high or very_high.
    risk_level: high
    # sentence_expiry, licence, home_detention_curfew, parole or other.
    release_type: sentence_expiry
    # The day of release.
    release_date: 2026-05-18
    # The agency that manages the offender: the release and its RAMA are its own
    # work in an --agency view (optional).
    managed_by: "Probation Service"
    # The multi-agency risk assessment and management meeting held before release
    # (delete these lines until one has been held).
    pre_release_rama:
      # The day the RAMA was held.
      held_on: 2026-04-27
      # The agencies that attended, one per line.
      agencies_present:
        - "Probation Service"
        - "Exampleshire Police"
      # Whether all agencies agreed the risk management plan: true or false.
      risk_management_plan_agreed_by_all: true

# The directory of refuge provision staff rely on (delete this section if the plan has
# no such recommendation).
refuge_directory:
  # Who keeps the directory up to date.
  maintained_by: "Safer Exampleshire Partnership"
  # Where staff find it.
  published_at: "Partnership intranet, Domestic abuse pages"
  # The day it was last checked and refreshed.
  last_refreshed: 2026-01-20
  # How often it must be refreshed, in days (92 is a quarter).
  refresh_interval_days: 92
"""
