"""Use cases: keyword-only functions called by handlers, jobs and the command line alike."""
