"""Alembic environment of trade-service."""

from platform_core.migrations import run_env
from trade_service.bulletins import models as _bulletins  # noqa: F401  (register the tables)
from trade_service.core import SCHEMA, Base
from trade_service.domestic import models as _domestic  # noqa: F401
from trade_service.ecommerce import models as _ecommerce  # noqa: F401
from trade_service.exports import models as _exports  # noqa: F401
from trade_service.fairs import models as _fairs  # noqa: F401
from trade_service.foreign_trade import models as _statistics  # noqa: F401
from trade_service.funds import models as _funds  # noqa: F401
from trade_service.indicators import models as _indicators  # noqa: F401
from trade_service.labour import models as _labour  # noqa: F401

run_env(Base.metadata, SCHEMA)
