"""Pure domain model: units, store profile, support packages, result objects, errors."""
