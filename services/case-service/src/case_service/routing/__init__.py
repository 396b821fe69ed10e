"""Routing catalogue (交办规则目录): category + keywords + region → lead unit and co-units, proposed on 交办."""
