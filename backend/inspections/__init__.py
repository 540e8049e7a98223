"""Inspections (质量检查): a quality inspection is an activity hosted by a centre or commission
that names the institutions it visits; coverage rules count those visits."""
