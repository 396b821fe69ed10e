"""The configurable industry-chain dictionary (e.g. the city's "1+1" leading industries)."""
