"""Matching: the scoring model, the round solver and the 'why you were matched' text (pure)."""
