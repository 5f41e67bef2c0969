"""Reading, mapping and checking records in the field's exchange formats (pure Python).

Formats (`formats.FORMATS`): HTCDS CSV, XLSX and JSON; KoboToolbox/ODK submissions of the
HTCDS XLSForm as CSV, XLSX or API JSON; CTDC 2021 and 2024 CSV. Every format streams its
rows (`readers`), maps its headers and values onto HTCDS fields and checks each value
(`htcds`), so a row arrives as a clean record or as a list of problems that name the row,
the column, the value, the reason and what is allowed. Nothing here knows Django; the
exchange app stores, quarantines and commits what comes out.
"""
