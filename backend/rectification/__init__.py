"""Rectification (整改): a spot-check finding becomes an order with a due date; the hospital's
officer answers with a note and evidence; the reviewer accepts the answer or returns it."""
