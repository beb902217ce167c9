"""Graph analysis: projections of the store into NetworkX, brokerage measures, bridge candidates, pages and reports."""
