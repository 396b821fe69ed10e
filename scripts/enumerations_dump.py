"""Print the 业务字典's default labels as JSON: `uv run python scripts/enumerations_dump.py`.

The SPA's unit tests read this copy (`frontend/tests/unit/enumerations.json`, written by `npm run dump:enums`)
to fill the dictionary store and to find label tables a page still hard-codes; the platform-core test
`test_enumerations` fails when the copy and `platform_core.enumerations` differ.
"""

from __future__ import annotations

import json

from platform_core.enumerations import as_json

if __name__ == "__main__":
    print(json.dumps(as_json(), ensure_ascii=False, indent=2))
