"""The transition plan to a new support provider: dated tasks in the guide's phases, and who owns what."""
