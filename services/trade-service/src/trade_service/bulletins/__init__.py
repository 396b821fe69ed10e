"""National and provincial bulletins imported for ranks (e.g. Korea labour dispatch, first in the country)."""
