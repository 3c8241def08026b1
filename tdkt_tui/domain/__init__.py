"""The domain: the conference's records and rules, and the store that keeps them durable. No UI, no file format."""
