"""Spec evolution: diff, breaking-change rules, release notes and their cross-check."""
