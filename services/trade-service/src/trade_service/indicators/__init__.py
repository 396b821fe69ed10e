"""Every trade figure of the work report (rows 25-47) for a period and region, with 同比, 环比 and ranks."""
