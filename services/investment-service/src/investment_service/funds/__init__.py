"""Out-of-province funds actually in place, monthly per project, corrections kept as history."""
