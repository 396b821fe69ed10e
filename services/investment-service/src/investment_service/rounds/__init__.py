"""三个一批 rounds (期): the province's quarterly signing, starting and production events."""
