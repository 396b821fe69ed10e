"""E-commerce into rural areas: demonstration counties, village coverage, public brands, trainings."""
