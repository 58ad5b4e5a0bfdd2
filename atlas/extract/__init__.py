"""Extract stage: the verified raw files read strictly (`read`: encoding, header, rows,
numbers), one reader per raw table (`readers`), and the country codes mapped (`inputs`)."""
