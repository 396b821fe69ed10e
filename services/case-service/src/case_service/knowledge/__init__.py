"""Knowledge base (知识库): curated answers, instant answers at intake and the submissions they prevented."""
