"""Accounts and roles, officers' labs, the follow-up of proposals, edits made in the app.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("email", sa.String(254), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("password_hash", sa.String(300), nullable=False),
        sa.Column("company_id", sa.String(100), sa.ForeignKey("companies.id"), nullable=True),
        sa.Column("token_hash", sa.String(64), nullable=True, unique=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "user_labs",
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("lab_id", sa.String(100), sa.ForeignKey("labs.id", ondelete="CASCADE"), primary_key=True),
    )
    op.create_table(
        "followups",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("need_id", sa.String(100), sa.ForeignKey("needs.id", ondelete="CASCADE"), nullable=False),
        sa.Column("lab_id", sa.String(100), sa.ForeignKey("labs.id", ondelete="CASCADE"), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("need_id", "lab_id"),
    )
    op.create_index("ix_followups_need_id", "followups", ["need_id"])
    op.create_index("ix_followups_lab_id", "followups", ["lab_id"])
    op.create_table(
        "followup_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("followup_id", sa.Integer(), sa.ForeignKey("followups.id", ondelete="CASCADE"), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
    )
    op.create_index("ix_followup_events_followup_id", "followup_events", ["followup_id"])
    with op.batch_alter_table("labs") as batch:
        batch.add_column(sa.Column("edited_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("needs") as batch:
        batch.add_column(sa.Column("created_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("created_by", sa.Integer(),
                                   sa.ForeignKey("users.id", name="fk_needs_created_by_users"), nullable=True))


def downgrade():
    with op.batch_alter_table("needs") as batch:
        batch.drop_constraint("fk_needs_created_by_users", type_="foreignkey")
        batch.drop_column("created_by")
        batch.drop_column("created_at")
    with op.batch_alter_table("labs") as batch:
        batch.drop_column("edited_at")
    for table in ("followup_events", "followups", "user_labs", "users"):
        op.drop_table(table)
