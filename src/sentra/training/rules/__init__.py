"""Training rules: pure, no Django.

* ``merit``: the transparent merit score of an overseas-study applicant and the eligibility checks;
* ``selection``: choosing applicants under places and ministry quotas (CP-SAT, LP bound from HiGHS);
* ``pairing``: pairing centres strong in a competency with centres weak in it;
* ``coverage``: small pure helpers for plans and summaries.
"""
