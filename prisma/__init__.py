"""prisma-review: a PRISMA 2020 systematic review as a reproducible pipeline."""

__version__ = "0.1.0"
