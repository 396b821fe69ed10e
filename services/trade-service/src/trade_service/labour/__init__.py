"""Labour cooperation: programs, workers (personal data encrypted), dispatch batches, exchange events."""
