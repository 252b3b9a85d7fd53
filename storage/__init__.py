"""Persistence: engine, typed models, repository functions and Alembic migrations."""
