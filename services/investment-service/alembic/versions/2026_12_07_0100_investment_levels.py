"""investment: rounds and industry chains are kept per level (the province's, a city's)

A round belongs to the province or to a city and its number is unique per owner and kind; the existing rounds
become rounds of the city whose projects they listed (信阳市 when none did, or several cities did). The
industry chains gain an owner too: the existing ones become the province's defaults, and a name is unique per
owner.

Revision ID: e4a7c2b9d150
Revises: 131b0b19af03
Create Date: 2026-12-07 01:00:00
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

revision: str = "e4a7c2b9d150"
down_revision: str | None = "131b0b19af03"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: The city every installation served before rounds carried their region.
FORMER_CITY = "411500"
PROVINCE = "410000"


def _alter_schema() -> str | None:
    """ALTER TABLE is not schema-translated: on SQLite the schema is the file's main database."""
    return None if op.get_bind().dialect.name == "sqlite" else "investment_svc"


#: The columns that refer to a round.
ROUND_REFERENCES = {
    "project": ("signed_round_id", "started_round_id", "in_production_round_id"),
    "project_stage_event": ("round_id",),
}


@contextmanager
def _rounds_rebuilt(bind: sa.Connection, schema: str | None) -> Iterator[None]:
    """SQLite changes a table's constraints by rebuilding it, and dropping the old rounds table would break the
    references to it (foreign keys are enforced, and cannot be switched off inside the migration's
    transaction): the references are set aside while the table is rebuilt, then put back."""
    if bind.dialect.name != "sqlite":
        yield
        return
    saved: dict[str, list[dict[str, object]]] = {}
    for name, columns in ROUND_REFERENCES.items():
        t = sa.table(name, sa.column("id"), *(sa.column(c) for c in columns), schema=schema)
        referring = sa.or_(*(t.c[c].is_not(None) for c in columns))
        saved[name] = [dict(r._mapping) for r in bind.execute(sa.select(t).where(referring))]
        bind.execute(t.update().where(referring).values({c: None for c in columns}))
    yield
    for name, columns in ROUND_REFERENCES.items():
        t = sa.table(name, sa.column("id"), *(sa.column(c) for c in columns), schema=schema)
        for row in saved[name]:
            bind.execute(t.update().where(t.c.id == row["id"]).values({c: row[c] for c in columns}))


def _city_path(city: str) -> str:
    """The materialised path of a city (its province is the first two digits)."""
    return f"/{city[:2]}0000/{city}/"


def _owner_columns() -> list[sa.Column]:
    return [
        sa.Column("region_code", sa.String(length=12), nullable=True, comment="所属层级行政区划代码"),
        sa.Column("region_path", sa.String(length=80), nullable=True, comment="所属层级行政区划物化路径"),
    ]


def _round_cities(bind: sa.Connection, schema: str | None) -> dict[int, str]:
    """Round id → the one city whose projects the round listed (rounds listing none or several: absent)."""
    project = sa.table(
        "project",
        sa.column("region_path"),
        sa.column("signed_round_id"),
        sa.column("started_round_id"),
        sa.column("in_production_round_id"),
        schema=schema,
    )
    cities: dict[int, set[str]] = {}
    for column in ("signed_round_id", "started_round_id", "in_production_round_id"):
        rows = bind.execute(sa.select(project.c[column], project.c.region_path).where(project.c[column].is_not(None)))
        for round_id, path in rows:
            parts = [p for p in str(path).split("/") if p]
            # Paths run province/city/county: the second part is the city when it is one (ends with 00).
            city = parts[1] if len(parts) > 1 and parts[1].endswith("00") else None
            cities.setdefault(int(round_id), set()).add(city or "")
    return {rid: next(iter(found)) for rid, found in cities.items() if len(found) == 1 and "" not in found}


def upgrade() -> None:
    """Owner columns, filled from the data, then required; uniqueness per owner."""
    schema = _alter_schema()
    bind = op.get_bind()
    for table in ("investment_round", "industry_chain"):
        for column in _owner_columns():
            op.add_column(table, column, schema=schema)
    rounds = sa.table("investment_round", sa.column("id"), sa.column("region_code"), sa.column("region_path"), schema=schema)
    owners = _round_cities(bind, schema)
    for rid in [int(r) for r in bind.execute(sa.select(rounds.c.id)).scalars()]:
        city = owners.get(rid, FORMER_CITY)
        bind.execute(rounds.update().where(rounds.c.id == rid).values(region_code=city, region_path=_city_path(city)))
    chains = sa.table("industry_chain", sa.column("region_code"), sa.column("region_path"), schema=schema)
    bind.execute(chains.update().values(region_code=PROVINCE, region_path=f"/{PROVINCE}/"))
    with _rounds_rebuilt(bind, schema), op.batch_alter_table("investment_round", schema=schema) as batch:
        batch.alter_column("region_code", existing_type=sa.String(length=12), nullable=False)
        batch.alter_column("region_path", existing_type=sa.String(length=80), nullable=False)
        batch.drop_constraint("uq_investment_round_kind_number", type_="unique")
        batch.create_unique_constraint(
            "uq_investment_round_region_code_kind_number", ["region_code", "kind", "number"]
        )
    with op.batch_alter_table("industry_chain", schema=schema) as batch:
        batch.alter_column("region_code", existing_type=sa.String(length=12), nullable=False)
        batch.alter_column("region_path", existing_type=sa.String(length=80), nullable=False)
        batch.create_unique_constraint("uq_industry_chain_region_code_name", ["region_code", "name"])
    for table in ("investment_round", "industry_chain"):
        op.create_index(
            f"ix_{table}_region_path",
            table,
            ["region_path"],
            schema="investment_svc",
            postgresql_ops={"region_path": "text_pattern_ops"},
        )


def downgrade() -> None:
    """One list of rounds and chains for the whole installation (fails if two owners share a round's number)."""
    schema = _alter_schema()
    for table in ("investment_round", "industry_chain"):
        op.drop_index(f"ix_{table}_region_path", table_name=table, schema="investment_svc")
    with op.batch_alter_table("industry_chain", schema=schema) as batch:
        batch.drop_constraint("uq_industry_chain_region_code_name", type_="unique")
        batch.drop_column("region_path")
        batch.drop_column("region_code")
    with _rounds_rebuilt(op.get_bind(), schema), op.batch_alter_table("investment_round", schema=schema) as batch:
        batch.drop_constraint("uq_investment_round_region_code_kind_number", type_="unique")
        batch.create_unique_constraint("uq_investment_round_kind_number", ["kind", "number"])
        batch.drop_column("region_path")
        batch.drop_column("region_code")
