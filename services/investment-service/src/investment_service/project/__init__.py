"""Investment projects: the pipeline from negotiation to full capacity, progress reports, imports."""
