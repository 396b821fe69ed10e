"""Alembic environment of case-service."""

from case_service.attachment import models as _attachment_models  # noqa: F401
from case_service.case import models as _case_models  # noqa: F401
from case_service.case_view import models as _case_view_models  # noqa: F401
from case_service.core import SCHEMA, Base
from case_service.dictionary import models as _dictionary_models  # noqa: F401
from case_service.duplicate import models as _duplicate_models  # noqa: F401
from case_service.enterprise import models as _enterprise_models  # noqa: F401 - registers tables
from case_service.indicators import models as _stats_models  # noqa: F401 - indexes on the case table
from case_service.knowledge import models as _knowledge_models  # noqa: F401
from case_service.notification import models as _notification_models  # noqa: F401
from case_service.pairing import models as _pairing_models  # noqa: F401
from case_service.policy import models as _policy_models  # noqa: F401
from case_service.policy_match import models as _policy_match_models  # noqa: F401
from case_service.quality import models as _quality_models  # noqa: F401
from case_service.revisit_link import models as _revisit_link_models  # noqa: F401
from case_service.routing import models as _routing_models  # noqa: F401
from case_service.staff import models as _staff_models  # noqa: F401
from case_service.supervision import models as _supervision_models  # noqa: F401
from case_service.visit import models as _visit_models  # noqa: F401
from case_service.visit_photo import models as _visit_photo_models  # noqa: F401
from platform_core.migrations import run_env

run_env(Base.metadata, SCHEMA)
