"""Indexes the statistics need on the case table: every period filter is a range on one instant column."""

from __future__ import annotations

from sqlalchemy import Index, text

from case_service.case.models import Case

# Declared here, next to the queries that use them (the case table itself is the case module's); partial
# indexes: the instant stays NULL until the step happens, and those rows never match a period.
RESOLVED_AT = Index("ix_case_record_resolved_at", Case.resolved_at, postgresql_where=text("resolved_at IS NOT NULL"))
RATED_AT = Index("ix_case_record_rated_at", Case.rated_at, postgresql_where=text("rated_at IS NOT NULL"))
CLOSED_AT = Index("ix_case_record_closed_at", Case.closed_at, postgresql_where=text("closed_at IS NOT NULL"))
