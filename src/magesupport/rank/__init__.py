"""Ranking of the packages (weighted sum over five criteria), its stability, and the recommendation."""
