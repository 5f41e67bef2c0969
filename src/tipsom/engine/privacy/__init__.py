"""Privacy-safe publication. Nothing here knows Django.

- `suppression`: small-cell suppression with complementary suppression, checked exactly;
- `dp`: differentially private counts and histograms (OpenDP) and the privacy-budget
  `Ledger`;
- `synthesis`: differentially private synthetic microdata (e.g. CTDC's 2024 layout) from
  noisy marginals along a tree of the variables, with `resolution` enforcing CTDC's
  reporting resolution;
- `tables`: categories as codes and back, and the count helpers they share;
- `utility`: how far synthetic records' 1-, 2- and 3-way marginals are from the real ones;
- `testdata`: generated records in CTDC's 2024 layout, for tests and benchmarks.
"""
