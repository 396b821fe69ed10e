"""Trade fairs with participating enterprises and intended deals; foreign-trade trainings."""
