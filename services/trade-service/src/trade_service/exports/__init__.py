"""Export registrations (with first-ever exports) and supervised export shipments (中欧班列 special trains)."""
