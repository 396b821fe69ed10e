"""Case attachments on local disk: sniffed types, size limit, checksum, scope-checked download."""
