"""Spot-checks (抽查点评): a city critical-care centre draws its zone's drill records of an ended
quarter, weighted by risk, and reviews each drawn record version against a checklist."""
