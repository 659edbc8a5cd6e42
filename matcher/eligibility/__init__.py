"""Eligibility for funding schemes: criteria on the company and on the project, each answered pass, fail or unknown."""
