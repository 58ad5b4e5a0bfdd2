"""Migration & Development Atlas: pinned raw sources -> one validated Frictionless data package.

Stages, in the one direction data flows: fetch (`atlas.sources`) -> build (`atlas.build`) ->
validate (`atlas.validate`). Each stage is importable and testable alone.
"""
