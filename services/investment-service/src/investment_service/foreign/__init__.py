"""Foreign-invested enterprises, their visits, and actual foreign capital per caliber."""
