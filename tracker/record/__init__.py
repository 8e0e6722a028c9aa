"""Recording facts: events, retractions, localities, forces, campaigns, reviews and the bundled seeds."""
