"""What happened at a held drill: scenario, team, timings against targets, debrief, corrective
actions, evidence; draft, submitted (locked), amended as new versions."""
