"""product source digests

A product remembers a hash of the file rows it was last read from, and the revision that hash
describes, so a sync recognises the products a whole export repeats unchanged without building
and comparing them. Existing products have none: the next sync compares them in full, as
before, and records their digests.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 07:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source_digest", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("source_revision", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_column("source_revision")
        batch_op.drop_column("source_digest")
