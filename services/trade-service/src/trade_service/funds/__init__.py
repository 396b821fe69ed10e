"""Policy funds: 中小开 market-development funds, export credit insurance premium subsidies."""
