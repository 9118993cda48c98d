"""Rendering: the flow diagram (matplotlib) and the tables (JSON, CSV)."""
