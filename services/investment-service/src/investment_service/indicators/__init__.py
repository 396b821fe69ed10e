"""The investment figures of the report (10-24): per period and region, YoY and province rank."""
