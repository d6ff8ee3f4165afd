"""Reusable pieces shared by the screens (activity form, ratio gauge, tables)."""
