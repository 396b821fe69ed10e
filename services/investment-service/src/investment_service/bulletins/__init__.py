"""Provincial bulletins (全省通报) of the investment indicators, and the city's rank in them."""
