"""The catalogue: labs, companies, needs, collaborations, resources and the revision counter.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "labs",
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("acronym", sa.String(200), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("region", sa.String(100), nullable=False),
        sa.Column("department", sa.String(3), nullable=False),
        sa.Column("rnsr_id", sa.String(20), nullable=True),
        sa.Column("detailed", sa.Boolean(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
    )
    op.create_index("ix_labs_region", "labs", ["region"])
    op.create_index("ix_labs_rnsr_id", "labs", ["rnsr_id"])
    op.create_table(
        "companies",
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("region", sa.String(100), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
    )
    op.create_table(
        "needs",
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("company_id", sa.String(100), sa.ForeignKey("companies.id"), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
    )
    op.create_index("ix_needs_company_id", "needs", ["company_id"])
    op.create_table(
        "collaborations",
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("a", sa.String(100), nullable=False),
        sa.Column("b", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
    )
    op.create_index("ix_collaborations_a", "collaborations", ["a"])
    op.create_index("ix_collaborations_b", "collaborations", ["b"])
    op.create_table(
        "meta",
        sa.Column("key", sa.String(50), primary_key=True),
        sa.Column("value", sa.Integer(), nullable=False),
    )
    op.create_table(
        "resources",
        sa.Column("key", sa.String(50), primary_key=True),
        sa.Column("value", sa.JSON(), nullable=False),
    )


def downgrade():
    for table in ("resources", "meta", "collaborations", "needs", "companies", "labs"):
        op.drop_table(table)
