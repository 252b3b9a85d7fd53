"""Block Kit builders, one module per surface; every text a person reads lives here."""
