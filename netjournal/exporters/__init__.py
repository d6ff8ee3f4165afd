"""Exporters: turn a CPD report (or the whole journal) into files people hand in.

:mod:`registry` names the formats and imports each one only when it is used,
so ``netjournal log`` never pays for fpdf2. Stdlib only, apart from the PDF
format's optional ``fpdf2`` (the ``pdf`` extra).
"""
