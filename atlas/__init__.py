"""Migration & Development Atlas: pinned raw sources -> one validated Frictionless data package
-> a static site and citable releases.

Stages, in the one direction data flows (README, "How it works"): fetch (`atlas.sources`) ->
extract (`atlas.extract`: raw files read and checked) -> transform (`atlas.transform`: series and
tables of the package) -> validate (`atlas.validate`) -> analyse (`atlas.analyse`,
`atlas.composite`) -> render (`atlas.render`) -> site (`atlas.site`) -> release
(`atlas.release`). `atlas.pipeline` runs them; `atlas.cli` parses arguments.
"""
