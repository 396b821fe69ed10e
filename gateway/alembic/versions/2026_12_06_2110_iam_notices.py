"""iam: notices (通知公告) with their audience, attachments and read receipts; the system administrator
publishes them.

Revision ID: a7c3e5f9b214
Revises: 7c3e5a9d1b42
Create Date: 2026-12-06 21:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from gateway.role_grants import apply_builtin_grants

revision: str = "a7c3e5f9b214"
down_revision: str | None = "7c3e5a9d1b42"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copy of the grant at the time of this revision.
GRANTS: dict[str, tuple[str, ...]] = {"system_admin": ("system:notice:list", "system:notice:manage")}
NOW = sa.DateTime(timezone=True)


def upgrade() -> None:
    """The four notice tables, the blob table of their attachments, the grant."""
    op.create_table(
        "notice",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False, comment="主键"),
        sa.Column("title", sa.String(200), nullable=False, comment="标题"),
        sa.Column("body", sa.Text(), nullable=False, comment="正文(纯文本，显示时转义)"),
        sa.Column("pinned", sa.Boolean(), nullable=False, comment="是否置顶"),
        sa.Column("status", sa.String(16), nullable=False, comment="状态 draft/published/withdrawn"),
        sa.Column("published_at", NOW, nullable=True, comment="发布时间"),
        sa.Column("withdrawn_at", NOW, nullable=True, comment="撤回时间"),
        sa.Column("author", sa.String(64), nullable=False, comment="发布人(sub)"),
        sa.Column("author_name", sa.String(64), nullable=True, comment="发布人姓名"),
        sa.Column("region_code", sa.String(12), nullable=False, comment="发布人所属行政区划代码"),
        sa.Column("audience_path", sa.String(128), nullable=True, comment="受众范围限定路径(空为不限)"),
        sa.Column("created_at", NOW, nullable=False, comment="创建时间"),
        sa.Column("updated_at", NOW, nullable=False, comment="更新时间"),
        sa.Column("version", sa.Integer(), nullable=False, comment="版本号(乐观锁)"),
        sa.ForeignKeyConstraint(["region_code"], ["iam.region.code"], name=op.f("fk_notice_region_code_region")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notice")),
        schema="iam",
        comment="通知公告",
    )
    op.create_index(op.f("ix_notice_region_code"), "notice", ["region_code"], schema="iam")
    op.create_index("ix_notice_status_published", "notice", ["status", "published_at"], schema="iam")
    op.create_table(
        "notice_audience",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False, comment="主键"),
        sa.Column("notice_id", sa.Integer(), nullable=False, comment="通知公告ID"),
        sa.Column("kind", sa.String(16), nullable=False, comment="类别 role/region/user"),
        sa.Column("value", sa.String(64), nullable=False, comment="角色编码、行政区划代码或用户ID"),
        sa.Column("region_path", sa.String(128), nullable=True, comment="行政区划的物化路径(含下级)"),
        sa.ForeignKeyConstraint(
            ["notice_id"], ["iam.notice.id"], name=op.f("fk_notice_audience_notice_id_notice"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notice_audience")),
        sa.UniqueConstraint("notice_id", "kind", "value", name=op.f("uq_notice_audience_notice_id_kind_value")),
        schema="iam",
        comment="通知公告接收范围",
    )
    op.create_index(op.f("ix_notice_audience_notice_id"), "notice_audience", ["notice_id"], schema="iam")
    op.create_index("ix_notice_audience_kind_value", "notice_audience", ["kind", "value"], schema="iam")
    op.create_table(
        "notice_read",
        sa.Column("notice_id", sa.Integer(), nullable=False, comment="通知公告ID"),
        sa.Column("user_id", sa.Integer(), nullable=False, comment="用户ID"),
        sa.Column("read_at", NOW, nullable=False, comment="阅读时间"),
        sa.ForeignKeyConstraint(
            ["notice_id"], ["iam.notice.id"], name=op.f("fk_notice_read_notice_id_notice"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["iam.user.id"], name=op.f("fk_notice_read_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("notice_id", "user_id", name=op.f("pk_notice_read")),
        schema="iam",
        comment="通知公告阅读记录",
    )
    op.create_index(op.f("ix_notice_read_user_id"), "notice_read", ["user_id"], schema="iam")
    op.create_table(
        "notice_attachment",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False, comment="主键"),
        sa.Column("notice_id", sa.Integer(), nullable=False, comment="通知公告ID"),
        sa.Column("filename", sa.String(255), nullable=False, comment="原始文件名(仅用于下载时展示)"),
        sa.Column("content_type", sa.String(100), nullable=False, comment="按文件内容识别的类型"),
        sa.Column("size", sa.Integer(), nullable=False, comment="字节数"),
        sa.Column("sha256", sa.String(64), nullable=False, comment="SHA-256 校验值(十六进制)"),
        sa.Column("uploaded_by", sa.String(64), nullable=False, comment="上传人(sub)"),
        sa.Column("created_at", NOW, nullable=False, comment="上传时间"),
        sa.ForeignKeyConstraint(
            ["notice_id"], ["iam.notice.id"], name=op.f("fk_notice_attachment_notice_id_notice"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notice_attachment")),
        schema="iam",
        comment="通知公告附件",
    )
    op.create_index(op.f("ix_notice_attachment_notice_id"), "notice_attachment", ["notice_id"], schema="iam")
    op.create_table(
        "notice_blob",
        sa.Column("key", sa.String(128), nullable=False, comment="键"),
        sa.Column("content", sa.LargeBinary(), nullable=False, comment="内容"),
        sa.Column("size", sa.Integer(), nullable=False, comment="字节数"),
        sa.Column("created_at", NOW, nullable=False, comment="写入时间"),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_notice_blob")),
        schema="iam",
        comment="通知公告附件内容",
    )
    apply_builtin_grants(op.get_bind(), GRANTS, add=True)


def downgrade() -> None:
    """No notices; the grant taken back."""
    apply_builtin_grants(op.get_bind(), GRANTS, add=False)
    op.drop_table("notice_blob", schema="iam")
    op.drop_index(op.f("ix_notice_attachment_notice_id"), table_name="notice_attachment", schema="iam")
    op.drop_table("notice_attachment", schema="iam")
    op.drop_index(op.f("ix_notice_read_user_id"), table_name="notice_read", schema="iam")
    op.drop_table("notice_read", schema="iam")
    op.drop_index("ix_notice_audience_kind_value", table_name="notice_audience", schema="iam")
    op.drop_index(op.f("ix_notice_audience_notice_id"), table_name="notice_audience", schema="iam")
    op.drop_table("notice_audience", schema="iam")
    op.drop_index("ix_notice_status_published", table_name="notice", schema="iam")
    op.drop_index(op.f("ix_notice_region_code"), table_name="notice", schema="iam")
    op.drop_table("notice", schema="iam")
