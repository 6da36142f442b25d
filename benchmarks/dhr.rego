# Three of dhr-checker's rules written in Rego, for the benchmark's comparison with OPA (regopy).
# The same meaning as rules/default/DHR-EVIDENCE-001.yaml, DHR-OVERDUE-001.yaml and DHR-RAMA-001.yaml
# (the red expectations the design names first: no evidence, overdue, no pre-release RAMA), on the
# plan as its YAML file holds it, with dates as ISO text (which sorts as the dates do).
#
# input: {"as_of": "2026-03-31", "plan": <the plan file's data>}
package dhr

import rego.v1

closed_statuses := {"complete", "not_applicable"}

open_action(action) if {
	not action.completion_date
	not action.status in closed_statuses
}

actions contains [recommendation.number, action] if {
	some recommendation in input.plan.recommendations
	some action in object.get(recommendation, "actions", [])
}

# DHR-EVIDENCE-001: every key action lists the evidence that will show it is done.
findings contains {"rule": "DHR-EVIDENCE-001", "recommendation": number, "action": action.number} if {
	some [number, action] in actions
	count(object.get(action, "planned_evidence", [])) == 0
}

# DHR-OVERDUE-001: no open action is past its target date.
findings contains {"rule": "DHR-OVERDUE-001", "recommendation": number, "action": action.number} if {
	some [number, action] in actions
	action.target_date < input.as_of
	open_action(action)
}

# DHR-RAMA-001: a high-risk offender released at sentence expiry has a pre-release RAMA.
findings contains {"rule": "DHR-RAMA-001", "record": release.reference} if {
	some release in object.get(input.plan, "releases", [])
	release.risk_level in {"high", "very_high"}
	release.release_type == "sentence_expiry"
	not release.pre_release_rama
}
