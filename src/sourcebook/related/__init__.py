"""Related documents: reply threads from reference numbers, the same archival file, and
previous/next within each collection (issue 11)."""
