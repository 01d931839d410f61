"""What the user did (read marks, stars, saved searches, the session): survives rebuilds."""
