"""Matching needs with labs: French/English text analysis, embedders, profile scoring, ranking."""
