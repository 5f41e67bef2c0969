"""Identifiers and names: normalisation and matching keys for standard data."""
