"""The review loop: weak labels or predictions -> Label Studio tasks -> an analyst's corrections
-> ANNOTATION.md JSONL for evaluation and training.

``tasks`` converts both ways, ``evidence`` recomputes the votes behind weak labels, ``rank``
orders documents for review, ``live`` talks to a running server through ``label-studio-sdk``
(the optional extra ``kashif[review]``), ``cli`` is ``kashif review``.
"""
