"""Probabilistic record linkage of persons (Fellegi-Sunter with Splink on DuckDB).

`prepare` turns person records into comparison columns tuned for names from Pakistan and
the region (canonical name parts and phonetic keys from `engine.standards.names`, so
Muhammad/Mohammad/Mohd, -ullah/-ulla and Urdu script agree; first and family name may be
swapped); `model` holds the comparisons and blocking rules in one readable place; `link`
trains the model by expectation maximisation (no labelled data) and scores and clusters the
pairs; `evaluate` measures precision, recall and F1 against a ground truth; `synthetic`
makes person records with known duplicates. Nothing here knows Django.
"""
